namespace EnvServer.Client;

/// <summary>The client→server message types of the <c>/ws</c> protocol.</summary>
internal enum RequestKind
{
    Reset,
    Step,
    State,
    Close,
    Mcp,
}
