using System.Globalization;
using System.Text;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>How a fuzz payload travels over a WebSocket.</summary>
internal enum FrameShape
{
    /// <summary>One text frame (the payload must be valid UTF-8, or the RFC makes the server fail the connection).</summary>
    Text,

    /// <summary>One binary frame (any bytes).</summary>
    Binary,

    /// <summary>A text message split over many frames of <see cref="FuzzInput.FragmentSize"/> bytes.</summary>
    Fragmented,
}

/// <summary>One malformed (or accidentally valid) input.</summary>
internal sealed record FuzzInput(string Label, byte[] Payload, FrameShape Shape = FrameShape.Text, int FragmentSize = 0)
{
    /// <summary>For /ws inputs whose outcome is certain: the error code the reply must carry.</summary>
    public string? ExpectedCode { get; init; }

    public static FuzzInput Of(string label, string text, string? expectedCode = null) =>
        new(label, Encoding.UTF8.GetBytes(text)) { ExpectedCode = expectedCode };
}

/// <summary>
/// The fuzz corpus: a hand-written list of nasty cases plus a seeded generator of random ones, so
/// that every run sends exactly the same inputs (the seed is in the test).
/// </summary>
internal sealed class FuzzCorpus(int seed, int maxMessageBytes)
{
    public const string InvalidJson = "INVALID_JSON";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string ValidationError = "VALIDATION_ERROR";

    private readonly Random _random = new(seed);

    public static string Digits(int count) => "9" + new string('1', count - 1);

    public static string DeepArray(int depth) => new string('[', depth) + new string(']', depth);

    public static string DeepObject(int depth) => string.Concat(Enumerable.Repeat("""{"a":""", depth)) + "1" + new string('}', depth);

    /// <summary>Payloads that are nasty for any JSON endpoint: /ws, /mcp and the HTTP bodies all get them.</summary>
    public IReadOnlyList<FuzzInput> NastyPayloads()
    {
        var digits400 = Digits(400);
        var list = new List<FuzzInput>
        {
            FuzzInput.Of("empty", "", InvalidJson),
            FuzzInput.Of("whitespace", " \r\n\t ", InvalidJson),
            FuzzInput.Of("open brace", "{", InvalidJson),
            FuzzInput.Of("close brace", "}", InvalidJson),
            FuzzInput.Of("truncated key", """{"type":""", InvalidJson),
            FuzzInput.Of("truncated step", """{"type":"step","data":{"dose":""", InvalidJson),
            FuzzInput.Of("truncated string", """{"type":"res""", InvalidJson),
            FuzzInput.Of("trailing comma", """{"type":"state",}""", InvalidJson),
            FuzzInput.Of("single quotes", "{'type':'state'}", InvalidJson),
            FuzzInput.Of("comment", """/* hi */ {"type":"state"}""", InvalidJson),
            FuzzInput.Of("two messages in one frame", """{"type":"state"}{"type":"state"}""", InvalidJson),
            FuzzInput.Of("trailing garbage", """{"type":"state"} x""", InvalidJson),
            FuzzInput.Of("unquoted key", """{type:"state"}""", InvalidJson),
            FuzzInput.Of("NaN literal", """{"type":"step","data":{"dose":NaN}}""", InvalidJson),
            FuzzInput.Of("Infinity literal", """{"type":"step","data":{"dose":Infinity}}""", InvalidJson),
            FuzzInput.Of("-Infinity literal", """{"type":"step","data":{"dose":-Infinity}}""", InvalidJson),
            FuzzInput.Of("1e308*10 as text", """{"type":"step","data":{"dose":1e308*10}}""", InvalidJson),
            FuzzInput.Of("leading zero", """{"type":"step","data":{"dose":01}}""", InvalidJson),
            FuzzInput.Of("hex number", """{"type":"step","data":{"dose":0x10}}""", InvalidJson),
            FuzzInput.Of("bad escape", """{"type":"\x41"}""", InvalidJson),
            FuzzInput.Of("short unicode escape", """{"type":"\u12"}""", InvalidJson),
            FuzzInput.Of("raw control char in string", "{\"type\":\"st\u0001ate\"}", InvalidJson),
            FuzzInput.Of("deep array 10000", DeepArray(10_000), InvalidJson),
            FuzzInput.Of("deep object 10000", DeepObject(10_000), InvalidJson),
            FuzzInput.Of("deep data 10000", """{"type":"step","data":""" + DeepObject(10_000) + "}", InvalidJson),
            FuzzInput.Of("deep unclosed 10000", new string('[', 10_000), InvalidJson),
            FuzzInput.Of("depth 65 in reset data", """{"type":"reset","data":{"x":""" + DeepArray(63) + "}}"),

            // Valid JSON, wrong shape.
            FuzzInput.Of("null", "null", ValidationError),
            FuzzInput.Of("true", "true", ValidationError),
            FuzzInput.Of("zero", "0", ValidationError),
            FuzzInput.Of("1e400 top level", "1e400", ValidationError),
            FuzzInput.Of("400-digit integer top level", digits400, ValidationError),
            FuzzInput.Of("string top level", "\"step\"", ValidationError),
            FuzzInput.Of("empty array", "[]", ValidationError),
            FuzzInput.Of("array of messages", """[{"type":"state"}]""", ValidationError),
            FuzzInput.Of("empty object", "{}", UnknownType),
            FuzzInput.Of("no type", """{"data":{"dose":0.5}}""", UnknownType),
            FuzzInput.Of("unknown type", """{"type":"explode"}""", UnknownType),
            FuzzInput.Of("empty type", """{"type":""}""", UnknownType),
            FuzzInput.Of("null type", """{"type":null}""", UnknownType),
            FuzzInput.Of("number type", """{"type":1}""", UnknownType),
            FuzzInput.Of("array type", """{"type":["reset"]}""", UnknownType),
            FuzzInput.Of("object type", """{"type":{"reset":true}}""", UnknownType),
            FuzzInput.Of("upper-case type", """{"type":"RESET"}""", UnknownType),
            FuzzInput.Of("capitalised key", """{"Type":"reset"}""", UnknownType),

            // Envelope and action validation.
            FuzzInput.Of("step without data", """{"type":"step"}""", ValidationError),
            FuzzInput.Of("step data null", """{"type":"step","data":null}""", ValidationError),
            FuzzInput.Of("step data string", """{"type":"step","data":"dose"}""", ValidationError),
            FuzzInput.Of("step data array", """{"type":"step","data":[0.5]}""", ValidationError),
            FuzzInput.Of("step data number", """{"type":"step","data":0.5}""", ValidationError),
            FuzzInput.Of("step empty action", """{"type":"step","data":{}}""", ValidationError),
            FuzzInput.Of("dose as unparsable string", """{"type":"step","data":{"dose":"half"}}""", ValidationError),
            FuzzInput.Of("dose 1e308*10 as string", """{"type":"step","data":{"dose":"1e308*10"}}""", ValidationError),
            FuzzInput.Of("dose null", """{"type":"step","data":{"dose":null}}""", ValidationError),
            FuzzInput.Of("dose \"true\"", """{"type":"step","data":{"dose":"true"}}""", ValidationError),
            FuzzInput.Of("dose object", """{"type":"step","data":{"dose":{"value":1}}}""", ValidationError),
            FuzzInput.Of("dose 1e400", """{"type":"step","data":{"dose":1e400}}""", ValidationError),
            FuzzInput.Of("dose -1e400", """{"type":"step","data":{"dose":-1e400}}""", ValidationError),
            FuzzInput.Of("dose 400 digits", """{"type":"step","data":{"dose":""" + digits400 + "}}", ValidationError),
            FuzzInput.Of("dose -400 digits", """{"type":"step","data":{"dose":-""" + digits400 + "}}", ValidationError),
            FuzzInput.Of("unknown action field", """{"type":"step","data":{"dose":0.5,"drug":"x"}}""", ValidationError),
            FuzzInput.Of("action metadata not object", """{"type":"step","data":{"dose":0.5,"metadata":[]}}""", ValidationError),
            FuzzInput.Of("unknown envelope field", """{"type":"step","data":{"dose":0.5},"id":1}""", ValidationError),
            FuzzInput.Of("reset unknown envelope field", """{"type":"reset","seed":1}""", ValidationError),
            FuzzInput.Of("mcp without data", """{"type":"mcp"}""", ValidationError),
            FuzzInput.Of("mcp data array", """{"type":"mcp","data":[]}""", ValidationError),
            FuzzInput.Of("seed 1e400", """{"type":"reset","data":{"seed":1e400}}""", ValidationError),
            FuzzInput.Of("seed -1e400", """{"type":"reset","data":{"seed":-1e400}}""", ValidationError),
            FuzzInput.Of("seed 400 digits", """{"type":"reset","data":{"seed":""" + digits400 + "}}", ValidationError),
            FuzzInput.Of("seed negative", """{"type":"reset","data":{"seed":-1}}""", ValidationError),
            FuzzInput.Of("seed fractional", """{"type":"reset","data":{"seed":1.5}}""", ValidationError),
            FuzzInput.Of("seed unparsable string", """{"type":"reset","data":{"seed":"seven"}}""", ValidationError),
            FuzzInput.Of("seed 2^63", """{"type":"reset","data":{"seed":9223372036854775808}}""", ValidationError),
            FuzzInput.Of("seed 2^64", """{"type":"reset","data":{"seed":18446744073709551616}}""", ValidationError),
            FuzzInput.Of("task unknown", """{"type":"reset","data":{"task_id":"nope"}}""", ValidationError),
            FuzzInput.Of("task number", """{"type":"reset","data":{"task_id":42}}""", ValidationError),
            FuzzInput.Of("episode id too long", """{"type":"reset","data":{"episode_id":""" + "\"" + new string('e', 300) + "\"}}", ValidationError),
            FuzzInput.Of("max_steps zero", """{"type":"reset","data":{"max_steps":0}}""", ValidationError),
            FuzzInput.Of("max_steps 1e9", """{"type":"reset","data":{"max_steps":1e9}}""", ValidationError),
            FuzzInput.Of("max_steps fractional", """{"type":"reset","data":{"max_steps":2.5}}""", ValidationError),
            FuzzInput.Of("elimination_rate zero", """{"type":"reset","data":{"elimination_rate":0}}""", ValidationError),
            FuzzInput.Of("noise_std 1e400", """{"type":"reset","data":{"noise_std":1e400}}""", ValidationError),
            FuzzInput.Of("max_dose -1e400", """{"type":"reset","data":{"max_dose":-1e400}}""", ValidationError),
            FuzzInput.Of("reset data array", """{"type":"reset","data":[1]}""", ValidationError),
            FuzzInput.Of("reset data string", """{"type":"reset","data":"seed=1"}""", ValidationError),

            // Unpaired UTF-16 surrogates, written as JSON escapes (valid UTF-8 on the wire): no .NET string can
        // hold them, so they are invalid JSON (as for pydantic's parser), not an internal error later.
            FuzzInput.Of("lone high surrogate type", """{"type":"\ud800"}""", InvalidJson),
            FuzzInput.Of("lone low surrogate type", """{"type":"\udc00"}""", InvalidJson),
            FuzzInput.Of("reversed surrogate pair type", """{"type":"\udc00\ud800"}""", InvalidJson),
            FuzzInput.Of("lone surrogate episode id", """{"type":"reset","data":{"episode_id":"\ud800"}}""", InvalidJson),
            FuzzInput.Of("lone surrogate task id", """{"type":"reset","data":{"task_id":"\udfff"}}""", InvalidJson),
            FuzzInput.Of("lone surrogate reset key", """{"type":"reset","data":{"\ud800":1}}""", InvalidJson),
            FuzzInput.Of("lone surrogate action key", """{"type":"step","data":{"dose":0.5,"\ud800":1}}""", InvalidJson),
            FuzzInput.Of("lone surrogate envelope key", """{"type":"state","\udbff":1}""", InvalidJson),
            FuzzInput.Of("lone surrogate dose", """{"type":"step","data":{"dose":"\ud800"}}""", InvalidJson),

            // Accidentally valid, or valid with odd content.
            FuzzInput.Of("escaped NUL in episode id", """{"type":"reset","data":{"seed":1,"episode_id":"a\u0000b"}}"""),
            FuzzInput.Of("escaped type", """{"type":"\u0073tate"}"""),
            FuzzInput.Of("duplicate type key", """{"type":"state","type":"explode"}"""),
            FuzzInput.Of("state with junk data", """{"type":"state","data":[1,2,3]}"""),
            FuzzInput.Of("reset with unknown kwargs", """{"type":"reset","data":{"seed":3,"scenario_name":"x","prompt":[1,{"a":null}]}}"""),
            FuzzInput.Of("dose 1e-400", """{"type":"step","data":{"dose":1e-400}}"""),
            FuzzInput.Of("dose max double", """{"type":"step","data":{"dose":1.7976931348623157e308}}"""),
            FuzzInput.Of("dose -max double", """{"type":"step","data":{"dose":-1.7976931348623157e308}}"""),
            FuzzInput.Of("dose 5e-324", """{"type":"step","data":{"dose":5e-324}}"""),
            FuzzInput.Of("dose -0", """{"type":"step","data":{"dose":-0.0}}"""),
            FuzzInput.Of("BOM prefix", "\uFEFF{\"type\":\"state\"}"),
            FuzzInput.Of("non-ASCII type", """{"type":"réset"}""", UnknownType),
            FuzzInput.Of("emoji type", """{"type":"😀"}""", UnknownType),
            FuzzInput.Of("long unknown type", """{"type":""" + "\"" + new string('t', 20_000) + "\"}", UnknownType),
            FuzzInput.Of("big extra string", """{"type":"step","data":{"dose":0.5,"note":""" + "\"" + new string('x', 50_000) + "\"}}", ValidationError),
            FuzzInput.Of("big array data", """{"type":"step","data":[""" + string.Join(',', Enumerable.Repeat("0", 20_000)) + "]}", ValidationError),
            FuzzInput.Of("many keys", "{" + string.Join(',', Enumerable.Range(0, 3000).Select(i => $"\"k{i}\":{i}")) + "}", UnknownType),

            // JSON-RPC shapes (wrong envelopes for /ws, the real thing for /mcp).
            FuzzInput.Of("rpc empty", """{"jsonrpc":"2.0"}""", UnknownType),
            FuzzInput.Of("rpc wrong version", """{"jsonrpc":"1.0","method":"tools/list","id":1}""", UnknownType),
            FuzzInput.Of("rpc numeric method", """{"jsonrpc":"2.0","method":1,"id":1}""", UnknownType),
            FuzzInput.Of("rpc null method", """{"jsonrpc":"2.0","method":null,"id":1}""", UnknownType),
            FuzzInput.Of("rpc unknown method", """{"jsonrpc":"2.0","method":"explode","id":"x"}""", UnknownType),
            FuzzInput.Of("rpc params array", """{"jsonrpc":"2.0","method":"tools/list","params":[],"id":1}""", UnknownType),
            FuzzInput.Of("rpc id object", """{"jsonrpc":"2.0","method":"tools/list","id":{}}""", UnknownType),
            FuzzInput.Of("rpc id 1e400", """{"jsonrpc":"2.0","method":"tools/list","id":1e400}""", UnknownType),
            FuzzInput.Of("rpc id 400 digits", """{"jsonrpc":"2.0","method":"ping","id":""" + digits400 + "}", UnknownType),
            FuzzInput.Of("rpc extra field", """{"jsonrpc":"2.0","method":"ping","id":1,"extra":true}""", UnknownType),
            FuzzInput.Of("rpc batch", """[{"jsonrpc":"2.0","method":"tools/list","id":1}]""", ValidationError),
            FuzzInput.Of("rpc call no name", """{"jsonrpc":"2.0","method":"tools/call","params":{},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call numeric name", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":5},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call unknown tool", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"rm -rf"},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call args array", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":[]},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call dose 1e400", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1e400}},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call numeric session", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":5},"id":1}""", UnknownType),
            FuzzInput.Of("rpc call junk session", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":"junk"},"id":1}""", UnknownType),
            FuzzInput.Of("rpc close junk session", """{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"junk"},"id":1}""", UnknownType),
            FuzzInput.Of("rpc close no params", """{"jsonrpc":"2.0","method":"openenv/session/close","id":1}""", UnknownType),
            FuzzInput.Of("rpc lone surrogate method", """{"jsonrpc":"2.0","method":"\ud800","id":1}""", InvalidJson),
            FuzzInput.Of("rpc lone surrogate tool", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"\ud800"},"id":1}""", InvalidJson),
            FuzzInput.Of("rpc lone surrogate id", """{"jsonrpc":"2.0","method":"ping","id":"\ud800"}""", InvalidJson),
            FuzzInput.Of("rpc lone surrogate session", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","session_id":"\ud800"},"id":1}""", InvalidJson),
            FuzzInput.Of("rpc lone surrogate episode", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"episode_id":"\ud800"}},"id":1}""", InvalidJson),
            FuzzInput.Of("rpc lone surrogate key", """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1,"\ud800":2}},"id":1}""", InvalidJson),
        };

        // The same JSON-RPC requests wrapped in /ws's mcp envelope.
        foreach (var rpc in list.Where(i => i.Label.StartsWith("rpc ", StringComparison.Ordinal) && i.Label != "rpc batch").ToArray())
        {
            list.Add(new FuzzInput("ws-wrapped " + rpc.Label, Encoding.UTF8.GetBytes("""{"type":"mcp","data":""" + Encoding.UTF8.GetString(rpc.Payload) + "}"))
            {
                ExpectedCode = rpc.ExpectedCode == InvalidJson ? InvalidJson : null,
            });
        }

        return list;
    }

    /// <summary>Bytes that are not UTF-8: fine in binary frames and HTTP bodies (text frames are tested apart).</summary>
    public static IReadOnlyList<FuzzInput> InvalidUtf8Payloads() =>
    [
        new("invalid utf-8 0xFF", [0xFF], FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("overlong NUL", [(byte)'"', 0xC0, 0x80, (byte)'"'], FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("utf-8 encoded surrogate", [.. "{\"type\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("truncated multibyte", [.. "{\"type\":\""u8, 0xE2, 0x82, .. "\"}"u8], FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("0xFE 0xFF in type", [.. "{\"type\":\""u8, 0xFE, 0xFF, .. "\"}"u8], FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("utf-16 json", Encoding.Unicode.GetBytes("{\"type\":\"state\"}"), FrameShape.Binary) { ExpectedCode = InvalidJson },
        new("utf-32 json", Encoding.UTF32.GetBytes("{\"type\":\"state\"}"), FrameShape.Binary) { ExpectedCode = InvalidJson },
    ];

    /// <summary>Frame-level cases for /ws: empty, binary, fragmented and oversized messages.</summary>
    public IReadOnlyList<FuzzInput> FrameCases()
    {
        var state = Encoding.UTF8.GetBytes("""{"type":"state"}""");
        var oversized = Encoding.UTF8.GetBytes("""{"type":"step","data":{"dose":0.5,"pad":""" + "\"" + new string('p', maxMessageBytes + 10) + "\"}}");
        var justUnder = Encoding.UTF8.GetBytes("""{"type":"state","data":""" + "\"" + new string('u', maxMessageBytes - 40) + "\"}");
        return
        [
            new("empty binary frame", [], FrameShape.Binary) { ExpectedCode = InvalidJson },
            new("state as binary frame", state, FrameShape.Binary),
            new("state fragmented by byte", state, FrameShape.Fragmented, 1),
            new("state fragmented by 5", state, FrameShape.Fragmented, 5),
            new("oversized one frame", oversized) { ExpectedCode = ValidationError },
            new("oversized binary frame", oversized, FrameShape.Binary) { ExpectedCode = ValidationError },
            new("oversized in 1 KiB fragments", oversized, FrameShape.Fragmented, 1024) { ExpectedCode = ValidationError },
            new("oversized in 100-byte fragments", oversized, FrameShape.Fragmented, 100) { ExpectedCode = ValidationError },
            new("twice the limit", new byte[maxMessageBytes * 2], FrameShape.Binary) { ExpectedCode = ValidationError },
            new("limit + 1 of spaces", Encoding.UTF8.GetBytes(new string(' ', maxMessageBytes + 1)), FrameShape.Fragmented, 4096) { ExpectedCode = ValidationError },
            new("just under the limit", justUnder, FrameShape.Fragmented, 7000),
            new("oversized in 65000-byte fragments", oversized, FrameShape.Fragmented, 65_000) { ExpectedCode = ValidationError },
        ];
    }

    // ---- The seeded generator ----

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "-0.5", "1.0", "2.5e3", "1E2", "0.1", "123456789.123456789",
        "1e400", "-1e400", "1e-400", "5e-324", "1.7976931348623157e308", "-1.7976931348623157e308",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "4294967296",
    ];

    private static readonly string[] BadNumbers = ["NaN", "Infinity", "-Infinity", "1e308*10", "01", "1.", "+1", ".5", "0x10", "1e", "--1", "1_000"];

    private static readonly string[] Words =
    [
        "reset", "step", "state", "mcp", "fixed_patient", "variable_patient", "pkpd_toxicity", "dose", "seed", "",
        "tools/list", "tools/call", "take_action", "reset_episode", "get_state", "openenv/session/create", "null", "0",
    ];

    private static readonly string[] Keys =
    [
        "type", "data", "dose", "seed", "task_id", "episode_id", "metadata", "max_steps", "elimination_rate", "noise_std",
        "initial_concentration", "max_dose", "action", "timeout_s", "request_id", "jsonrpc", "method", "params", "id",
        "name", "arguments", "session_id", "", "__proto__", "constructor",
    ];

    private static readonly string[] StringPieces =
    [
        "a", "Z", " ", "é", "中", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u0000", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\uffff", "\\t",
    ];

    private static readonly string[] ToolNames = ["take_action", "reset_episode", "get_state", "", "explode"];

    private static readonly string[] Methods =
    [
        "initialize", "ping", "tools/list", "tools/call", "tools/call", "tools/call", "openenv/session/create", "openenv/session/close",
        "notifications/initialized", "resources/list", "", "TOOLS/LIST",
    ];

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double p) => _random.NextDouble() < p;

    public string RandomNumber(bool allowInvalid = true)
    {
        if (allowInvalid && Chance(0.1)) return Pick(BadNumbers);
        return _random.Next(6) switch
        {
            0 => Digits(_random.Next(20, 401)),
            1 => (_random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture),
            2 => (_random.NextDouble() * Math.Pow(10, _random.Next(-320, 320))).ToString("R", CultureInfo.InvariantCulture),
            3 => _random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
            _ => Pick(Numbers),
        };
    }

    public string RandomStringLiteral()
    {
        if (Chance(0.4)) return "\"" + Pick(Words) + "\"";
        var builder = new StringBuilder("\"");
        var pieces = Chance(0.05) ? _random.Next(500, 2000) : _random.Next(0, 12);
        for (var i = 0; i < pieces; i++) builder.Append(Pick(StringPieces));
        return builder.Append('"').ToString();
    }

    private string RandomKey() => Chance(0.7) ? "\"" + Pick(Keys) + "\"" : RandomStringLiteral();

    public string RandomValue(int depth = 0, bool allowInvalid = true) => _random.Next(depth > 3 ? 6 : 9) switch
    {
        0 => "null",
        1 => Chance(0.5) ? "true" : "false",
        2 or 3 => RandomNumber(allowInvalid),
        4 or 5 => RandomStringLiteral(),
        6 => "[" + string.Join(',', Enumerable.Range(0, _random.Next(5)).Select(_ => RandomValue(depth + 1, allowInvalid))) + "]",
        _ => RandomObject(depth + 1, allowInvalid),
    };

    private string RandomObject(int depth, bool allowInvalid) =>
        "{" + string.Join(',', Enumerable.Range(0, _random.Next(5)).Select(_ => RandomKey() + ":" + RandomValue(depth, allowInvalid))) + "}";

    private string PlausibleAction() => _random.Next(4) switch
    {
        0 => $$"""{"dose":{{RandomNumber()}}}""",
        1 => $$"""{"dose":{{RandomValue(2)}}}""",
        2 => $$"""{"dose":{{RandomNumber()}},{{RandomKey()}}:{{RandomValue(2)}}}""",
        _ => RandomObject(1, allowInvalid: true),
    };

    private string PlausibleReset()
    {
        var fields = new List<string>();
        if (Chance(0.6)) fields.Add($"\"seed\":{(Chance(0.5) ? RandomNumber() : RandomValue(2))}");
        if (Chance(0.5)) fields.Add($"\"task_id\":{(Chance(0.5) ? "\"" + Pick(EpisodeScript.Tasks) + "\"" : RandomValue(2))}");
        if (Chance(0.3)) fields.Add($"\"episode_id\":{RandomValue(2)}");
        if (Chance(0.3)) fields.Add($"{RandomKey()}:{RandomValue(2)}");
        if (Chance(0.2)) fields.Add($"\"{Pick(["max_steps", "elimination_rate", "noise_std", "initial_concentration", "max_dose"])}\":{RandomNumber()}");
        return "{" + string.Join(',', fields) + "}";
    }

    /// <summary>A JSON-RPC request, often slightly wrong.</summary>
    public string RandomRpc()
    {
        var fields = new List<string>();
        if (!Chance(0.05)) fields.Add("\"jsonrpc\":" + (Chance(0.9) ? "\"2.0\"" : RandomValue(3)));
        if (!Chance(0.05)) fields.Add("\"method\":" + (Chance(0.9) ? "\"" + Pick(Methods) + "\"" : RandomValue(3)));
        if (Chance(0.8))
        {
            var parameters = new List<string>();
            if (Chance(0.8)) parameters.Add("\"name\":" + (Chance(0.85) ? "\"" + Pick(ToolNames) + "\"" : RandomValue(3)));
            if (Chance(0.6)) parameters.Add("\"arguments\":" + (Chance(0.5) ? PlausibleAction() : Chance(0.5) ? PlausibleReset() : RandomValue(2)));
            if (Chance(0.2)) parameters.Add("\"session_id\":" + RandomValue(3));
            if (Chance(0.1)) parameters.Add(RandomKey() + ":" + RandomValue(3));
            fields.Add("\"params\":" + (Chance(0.9) ? "{" + string.Join(',', parameters) + "}" : RandomValue(2)));
        }

        if (Chance(0.85)) fields.Add("\"id\":" + (Chance(0.7) ? _random.Next(1000).ToString(CultureInfo.InvariantCulture) : RandomValue(3)));
        if (Chance(0.05)) fields.Add(RandomKey() + ":" + RandomValue(3));
        return Mutated("{" + string.Join(',', Shuffle(fields)) + "}");
    }

    /// <summary>A /ws message, often slightly wrong. Never a close (that is a valid request that ends the session).</summary>
    public string RandomEnvelope()
    {
        var fields = new List<string>();
        var type = _random.Next(10) switch
        {
            0 or 1 or 2 => "\"step\"",
            3 or 4 => "\"reset\"",
            5 => "\"state\"",
            6 => "\"mcp\"",
            7 => RandomValue(3),
            8 => RandomStringLiteral(),
            _ => null,
        };
        if (type is not null && type.Contains("close", StringComparison.Ordinal)) type = "\"closed\"";
        if (type is not null) fields.Add("\"type\":" + type);
        if (!Chance(0.15))
        {
            var data = type switch
            {
                "\"step\"" => Chance(0.8) ? PlausibleAction() : RandomValue(1),
                "\"reset\"" => Chance(0.8) ? PlausibleReset() : RandomValue(1),
                "\"mcp\"" => Chance(0.85) ? RandomRpc() : RandomValue(1),
                _ => RandomValue(1),
            };
            fields.Add("\"data\":" + data);
        }

        if (Chance(0.1)) fields.Add(RandomKey() + ":" + RandomValue(2));
        return Mutated("{" + string.Join(',', Shuffle(fields)) + "}");
    }

    private List<string> Shuffle(List<string> fields)
    {
        for (var i = fields.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (fields[i], fields[j]) = (fields[j], fields[i]);
        }

        return fields;
    }

    /// <summary>Three times in ten, one to three character-level mutations: truncate, delete, insert, swap, duplicate.</summary>
    private string Mutated(string text)
    {
        if (!Chance(0.3) || text.Length == 0) return text;
        var builder = new StringBuilder(text);
        for (var n = _random.Next(1, 4); n > 0 && builder.Length > 0; n--)
        {
            var at = _random.Next(builder.Length);
            switch (_random.Next(5))
            {
                case 0:
                    builder.Length = at;
                    break;
                case 1:
                    builder.Remove(at, 1);
                    break;
                case 2:
                    builder.Insert(at, Pick(["{", "}", "[", "]", ",", ":", "\"", "\\", " ", "0", "e", "é"]));
                    break;
                case 3:
                    var other = _random.Next(builder.Length);
                    (builder[at], builder[other]) = (builder[other], builder[at]);
                    break;
                default:
                    var length = _random.Next(builder.Length - at + 1);
                    builder.Insert(at, builder.ToString(at, length));
                    break;
            }
        }

        // Never let a mutation split a surrogate pair: text frames must stay valid UTF-8.
        return new string(builder.ToString().Select(c => char.IsSurrogate(c) ? '?' : c).ToArray());
    }

    /// <summary>Random bytes (binary frames, HTTP bodies).</summary>
    public byte[] RandomBytes()
    {
        var bytes = new byte[Chance(0.1) ? _random.Next(1000, 8000) : _random.Next(1, 64)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random printable text, possibly with JSON punctuation: always valid UTF-8.</summary>
    public string RandomText()
    {
        var builder = new StringBuilder();
        for (var i = _random.Next(1, 80); i > 0; i--)
        {
            builder.Append(_random.Next(4) switch
            {
                0 => Pick(["{", "}", "[", "]", ",", ":", "\"", "\\", "type", "step", "null"]),
                1 => (char)_random.Next(0x20, 0x7F),
                2 => (char)_random.Next(0xA0, 0xD7FF),
                _ => (char)_random.Next(0x00, 0x20),
            });
        }

        return builder.ToString();
    }

    /// <summary>A random /ws input: mostly envelopes in text frames, sometimes binary or fragmented, random bytes or text.</summary>
    public FuzzInput RandomWsInput(int index)
    {
        var roll = _random.Next(100);
        if (roll < 8) return new FuzzInput($"random bytes #{index}", RandomBytes(), FrameShape.Binary);
        if (roll < 16) return new FuzzInput($"random text #{index}", Encoding.UTF8.GetBytes(RandomText()));
        var payload = Encoding.UTF8.GetBytes(RandomEnvelope());
        return roll switch
        {
            < 24 => new FuzzInput($"random envelope (binary) #{index}", payload, FrameShape.Binary),
            < 32 when payload.Length > 1 => new FuzzInput($"random envelope (fragmented) #{index}", payload, FrameShape.Fragmented, _random.Next(1, payload.Length)),
            _ => new FuzzInput($"random envelope #{index}", payload),
        };
    }

    /// <summary>A random /mcp input: mostly JSON-RPC requests, sometimes /ws envelopes, random bytes or text.</summary>
    public FuzzInput RandomMcpInput(int index)
    {
        var roll = _random.Next(100);
        if (roll < 8) return new FuzzInput($"random bytes #{index}", RandomBytes(), FrameShape.Binary);
        if (roll < 16) return new FuzzInput($"random text #{index}", Encoding.UTF8.GetBytes(RandomText()));
        if (roll < 24) return new FuzzInput($"random envelope #{index}", Encoding.UTF8.GetBytes(RandomEnvelope()));
        var payload = Encoding.UTF8.GetBytes(RandomRpc());
        return roll < 30 && payload.Length > 1
            ? new FuzzInput($"random rpc (fragmented) #{index}", payload, FrameShape.Fragmented, _random.Next(1, payload.Length))
            : new FuzzInput($"random rpc #{index}", payload);
    }

    // ---- HTTP ----

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "application/octet-stream", null, "application/json; charset=utf-16", "foo/bar;;;=",
        "application/xml", "*/*", "application/json; charset=\"nonsense\"",
    ];

    private static readonly string[] EnvIdJunk =
    [
        "nope", "DRUG-DOSE", "drug-dose%20", "drug_dose", "..", "%2e%2e", "%2F", "drug-dose%2Fws", "%25", "%FF", "%C0%80", "%E2%82", "%F0%9F%98%80",
        "a%20b", "~", "-", "_", "%3Cscript%3E", "%22", "%27", "%5C", "%7B%7D", "0", "-1", "1e400", "null", "undefined",
    ];

    /// <summary>A junk X-Session-Id: printable ASCII only (anything else never leaves HttpClient or is refused by Kestrel before the app).</summary>
    public string RandomSessionHeader() => _random.Next(6) switch
    {
        0 => RandomGuid(),
        1 => new string('a', _random.Next(1000, 6000)),
        2 => Pick(["null", "undefined", "0", "-1", "' OR 1=1 --", "../../etc/passwd", "%00", "\\u0000", "{\"id\":1}", "2"]),
        _ => new string(Enumerable.Range(0, _random.Next(1, 60)).Select(_ => (char)_random.Next(0x21, 0x7F)).ToArray()),
    };

    /// <summary>A well-formed session id that names no session (from the seeded generator, so runs repeat).</summary>
    public string RandomGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    public string RandomEnvId()
    {
        if (Chance(0.5)) return Pick(EnvIdJunk);
        return new string(Enumerable.Range(0, _random.Next(1, 30)).Select(_ => Pick("abcdefghijklmnopqrstuvwxyz0123456789-._~".ToCharArray())).ToArray());
    }

    public string? RandomContentType() => Pick(ContentTypes);

    /// <summary>A random HTTP request body for an endpoint: mostly JSON shaped for it, sometimes anything.</summary>
    public byte[] RandomBody(string endpoint)
    {
        var roll = _random.Next(100);
        if (roll < 8) return RandomBytes();
        if (roll < 14) return Encoding.UTF8.GetBytes(RandomText());
        if (roll < 20) return Encoding.UTF8.GetBytes(RandomValue());
        var json = endpoint switch
        {
            "reset" => Chance(0.85) ? PlausibleReset() : RandomEnvelope(),
            "step" => Chance(0.6) ? "{\"action\":" + PlausibleAction() + (Chance(0.3) ? ",\"timeout_s\":" + RandomValue(3) : "") + (Chance(0.2) ? ",\"request_id\":" + RandomValue(3) : "") + "}"
                : Chance(0.5) ? PlausibleAction() : RandomEnvelope(),
            _ => RandomRpc(),
        };
        return Encoding.UTF8.GetBytes(Mutated(json));
    }

    public int Next(int max) => _random.Next(max);
}
