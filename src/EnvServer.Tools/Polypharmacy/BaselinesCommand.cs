using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Tools.Polypharmacy;

/// <summary>
/// <c>polypharmacy-baselines</c>: prints the README's markdown table of mean grader scores of the finish-immediately,
/// random-valid and heuristic agents on all 40 patients of each task (<see cref="PolypharmacyBaselines"/>).
/// </summary>
internal sealed class BaselinesCommand : IToolCommand
{
    public string Name => "polypharmacy-baselines";

    public string Summary => "print mean grader scores of the polypharmacy baselines on all 40 patients of each task";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count > 0)
        {
            Console.Error.WriteLine($"usage: {Name}");
            return 2;
        }

        output.Write(PolypharmacyBaselines.MarkdownTable());
        return 0;
    }
}
