namespace OpenCsp.Core.Common;

/// <summary>
/// An expected refusal of a use case: a stable error code, the rule behind it (POL-2) and, where a
/// date decides it, the date from which or until which the action is possible.
/// </summary>
public sealed record Refusal(
    ErrorCode Error,
    IReadOnlyList<object> Args,
    string? RuleId = null,
    DateTimeOffset? PossibleFrom = null,
    DateTimeOffset? PossibleUntil = null)
{
    public static Refusal Of(ErrorCode error, params object[] args) => new(error, args, error.RuleId);

    public Refusal WithRule(string ruleId) => this with { RuleId = ruleId };
}

/// <summary>Success with a value, or a <see cref="Refusal"/>. Exceptions are for bugs only.</summary>
public readonly struct Result<T>
{
    private readonly T? value;

    private Result(T? value, Refusal? refusal)
    {
        this.value = value;
        Refusal = refusal;
    }

    public Refusal? Refusal { get; }

    public bool IsSuccess => Refusal is null;

    public T Value => IsSuccess ? value! : throw new InvalidOperationException($"Refused: {Refusal!.Error.Key}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Refusal refusal) => new(default, refusal);
}
