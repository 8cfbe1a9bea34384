using System.Text.Json;
using EnvServer.Environments.Schema;
using FluentValidation;
using FluentValidation.Results;

namespace EnvServer.Api.Validation;

/// <summary>
/// Validates a JSON object against an environment's <see cref="ObjectSchema"/>: required fields,
/// JSON types, finiteness, ranges, lengths, allowed values and, where the schema forbids them,
/// unknown fields. Values are first converted as pydantic's lax mode converts them (<see cref="LaxJson"/>: numbers
/// as strings and the like). Error codes and messages are pydantic's, so Python clients read them as usual.
/// Built once per schema and shared (FluentValidation validators are thread-safe).
/// </summary>
internal sealed class JsonObjectValidator : AbstractValidator<JsonElement>
{
    private const string LaxMode = "lax";

    private readonly ObjectSchema _schema;

    public JsonObjectValidator(ObjectSchema schema)
    {
        _schema = schema;
        foreach (var field in schema.Fields) AddFieldRules(field);
        if (!schema.AdditionalProperties) RuleFor(o => o).Custom(ForbidUnknownFields);
    }

    /// <summary>Validates strictly (JSON types as declared) and returns the errors in pydantic's shape (empty when valid).</summary>
    public IReadOnlyList<ValidationIssue> Check(JsonElement value) => Check(value, lax: false, out _);

    /// <summary>
    /// Validates in pydantic's lax mode, as OpenEnv's reference validates actions and reset requests; when valid,
    /// <paramref name="accepted"/> is the value as the environment must read it (conversions applied, e.g. <c>"0.5"</c>
    /// as 0.5), otherwise the value as given.
    /// </summary>
    public IReadOnlyList<ValidationIssue> Check(JsonElement value, out JsonElement accepted) => Check(value, lax: true, out accepted);

    private IReadOnlyList<ValidationIssue> Check(JsonElement value, bool lax, out JsonElement accepted)
    {
        accepted = value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return [new ValidationIssue("model_attributes_type", [], "Input should be a valid dictionary or object to extract fields from") { Input = value }];
        }

        var converted = lax ? LaxJson.Convert(_schema, value) ?? value : value;
        var context = new ValidationContext<JsonElement>(converted);
        if (lax) context.RootContextData[LaxMode] = true;
        var result = Validate(context);
        if (!result.IsValid) return result.Errors.Select(f => ToIssue(f, value)).ToArray();
        accepted = converted;
        return [];
    }

    private void AddFieldRules(FieldSchema field)
    {
        var name = field.Name;
        var rule = RuleFor(o => Property(o, name)).Cascade(CascadeMode.Stop);

        // The property name is the rule's, shared by every check below.
        rule.Must(v => v is not null || !field.Required).WithErrorCode("missing").WithMessage("Field required").OverridePropertyName(name);
        // In lax mode a string left unconverted failed to parse (pydantic's *_parsing); strictly it is the wrong type.
        rule.Must((_, v, context) => v is not { } e || !context.RootContextData.ContainsKey(LaxMode) || !LaxJson.IsUnparsed(field.Type, e))
            .WithErrorCode(LaxJson.ParsingCode(field.Type)).WithMessage(LaxJson.ParsingMessage(field.Type));
        rule.Must(v => v is not { } e || JsonTypes.Matches(field, e) || (field.Type == FieldType.Integer && e.ValueKind == JsonValueKind.Number))
            .WithErrorCode(JsonTypes.ErrorCode(field)).WithMessage(JsonTypes.ErrorMessage(field));
        if (field.Type == FieldType.Integer)
        {
            rule.Must(v => v is not { ValueKind: JsonValueKind.Number } e || JsonTypes.Matches(field, e))
                .WithErrorCode("int_from_float").WithMessage("Input should be a valid integer, got a number with a fractional part");
        }

        if (field.Type is FieldType.Number or FieldType.Integer)
        {
            rule.Must(v => v is not { ValueKind: JsonValueKind.Number } e || double.IsFinite(JsonTypes.Number(e)))
                .WithErrorCode("finite_number").WithMessage("Input should be a finite number");
            AddBound(rule, field.Minimum, (x, b) => x >= b, "greater_than_equal", "greater than or equal to", "ge");
            AddBound(rule, field.ExclusiveMinimum, (x, b) => x > b, "greater_than", "greater than", "gt");
            AddBound(rule, field.Maximum, (x, b) => x <= b, "less_than_equal", "less than or equal to", "le");
            AddBound(rule, field.ExclusiveMaximum, (x, b) => x < b, "less_than", "less than", "lt");
        }

        if (field.MaxLength is { } maxLength)
        {
            rule.Must(v => v is not { ValueKind: JsonValueKind.String } e || e.GetString()!.Length <= maxLength)
                .WithErrorCode("string_too_long").WithMessage($"String should have at most {maxLength} characters")
                .WithState(_ => new Dictionary<string, object> { ["max_length"] = maxLength });
        }

        if (field.AllowedValues is { } allowed)
        {
            rule.Must(v => v is not { ValueKind: JsonValueKind.String } e || allowed.Contains(e.GetString()!))
                .WithErrorCode("literal_error").WithMessage($"Input should be {JsonTypes.OneOf(allowed)}")
                .WithState(_ => new Dictionary<string, object> { ["expected"] = JsonTypes.OneOf(allowed) });
        }
    }

    private static void AddBound(
        IRuleBuilder<JsonElement, JsonElement?> rule, double? bound, Func<double, double, bool> holds, string code, string words, string ctxKey)
    {
        if (bound is not { } b) return;
        rule.Must(v => v is not { ValueKind: JsonValueKind.Number } e || holds(JsonTypes.Number(e), b))
            .WithErrorCode(code).WithMessage($"Input should be {words} {JsonTypes.FormatBound(b)}")
            .WithState(_ => new Dictionary<string, object> { [ctxKey] = ContextNumber(b) });
    }

    /// <summary>pydantic echoes a bound as declared: <c>ge=0</c> gives <c>{"ge": 0}</c>, so whole bounds are integers.</summary>
    private static object ContextNumber(double bound) =>
        Math.Floor(bound) == bound && Math.Abs(bound) <= 9007199254740992.0 ? (object)(long)bound : bound;

    private void ForbidUnknownFields(JsonElement value, ValidationContext<JsonElement> context)
    {
        if (value.ValueKind != JsonValueKind.Object) return;
        foreach (var property in value.EnumerateObject())
        {
            if (_schema.Find(property.Name) is not null) continue;
            context.AddFailure(new ValidationFailure(property.Name, "Extra inputs are not permitted", property.Value)
            {
                ErrorCode = "extra_forbidden",
            });
        }
    }

    private static JsonElement? Property(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var property) ? property : null;

    /// <summary>As pydantic: the input of a missing field is the object that lacks it.</summary>
    private static ValidationIssue ToIssue(ValidationFailure failure, JsonElement value) =>
        new(failure.ErrorCode, [failure.PropertyName], failure.ErrorMessage)
        {
            Input = failure.ErrorCode == "missing" ? value : failure.AttemptedValue as JsonElement?,
            Context = failure.CustomState as IReadOnlyDictionary<string, object>,
        };
}
