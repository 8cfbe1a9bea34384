using System.Globalization;

namespace EnvServer.Tools.Soak;

/// <summary>The environments the clients play, with random valid actions and a catalogue of invalid inputs.</summary>
internal static class SoakTraffic
{
    public static readonly string[] Environments = ["drug-dose", "hiv", "sepsis"];

    public static string ValidAction(string env, Random random) => env switch
    {
        "drug-dose" => string.Create(CultureInfo.InvariantCulture, $$"""{"dose":{{random.NextDouble() * 2:0.###}}}"""),
        "hiv" => $$"""{"action":{{random.Next(4)}}}""",
        _ => $$"""{"action":{{random.Next(8)}}}""",
    };

    /// <summary>Wrong in every way a client gets it wrong; each is answered with an error and the session kept.</summary>
    public static string InvalidAction(string env, Random random) => random.Next(5) switch
    {
        0 => env == "drug-dose" ? """{"dose":"lots"}""" : """{"action":"left"}""",
        1 => env == "drug-dose" ? """{"dose":-5}""" : """{"action":99}""",
        2 => env == "drug-dose" ? """{"dose":1,"extra":true}""" : """{"action":1,"extra":true}""",
        3 => """{}""",
        _ => env == "drug-dose" ? """{"dose":null}""" : """{"action":1.5}""",
    };

    /// <summary>A /ws message that is not a valid step: bad JSON, unknown type, wrong shape, bad action, or (rarely) oversize.</summary>
    public static string InvalidWebSocketMessage(string env, Random random, int oversizeBytes) => random.Next(40) switch
    {
        0 => Oversize(oversizeBytes),
        < 8 => """{"type":"step","data":""",
        < 14 => """{"type":"teleport","data":{}}""",
        < 18 => """[1,2,3]""",
        < 22 => """{"type":"step"}""",
        < 26 => """{"type":"step","data":{"dose":1},"extra":1}""",
        < 30 => """{"type":7}""",
        _ => $$$"""{"type":"step","data":{{{InvalidAction(env, random)}}}}""",
    };

    public static string Oversize(int bytes) => "{\"type\":\"step\",\"data\":{\"pad\":\"" + new string('x', bytes) + "\"}}";

    /// <summary>One client's pause between messages.</summary>
    /// <returns>False when the run is over.</returns>
    public static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
