namespace EnvServer.Tools.Docs;

/// <summary>What running one block gave: whether it passed, why not, how long it took and its last output lines.</summary>
internal sealed record BlockResult(RunnableBlock Block, bool Passed, string Outcome, TimeSpan Elapsed, IReadOnlyList<string> OutputTail);
