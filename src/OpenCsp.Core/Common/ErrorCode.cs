namespace OpenCsp.Core.Common;

/// <summary>
/// One entry of the error table: the numeric code on the wire, the HTTP status, and the resource
/// key of its description (Common/ErrorMessages*.resx). <see cref="ErrorCodes"/> holds them all. A transient refusal
/// (a concurrent change, a state that passes) may not be the answer later, so a retry is run again, not replayed.
/// </summary>
public sealed record ErrorCode(int Code, int Status, string Key, string? RuleId = null, bool Transient = false);
