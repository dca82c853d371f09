using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Activity;

/// <summary>
/// One entry of the activity log in Partner Center's AuditRecord shape (API.md B §4.9): who (a user, an API client or
/// the lifecycle worker) did what to which resource, when, with the resource before and after as JSON. Append-only.
/// </summary>
public sealed class AuditRecord
{
    public Guid Id { get; init; }
    public Guid PartnerId { get; init; }
    public Guid? CustomerId { get; init; }
    public string CustomerName { get; init; } = "";
    public required string UserPrincipalName { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string OperationType { get; init; }
    public string OperationStatus { get; set; } = "succeeded";
    public DateTimeOffset OperationDate { get; init; }
    public List<AuditDatum> CustomizedData { get; init; } = [];
    public string? ResourceOldValue { get; init; }
    public string? ResourceNewValue { get; init; }
}

public sealed class AuditDatum
{
    public required string Key { get; init; }
    public required string Value { get; init; }
}

/// <summary>Builds audit records; the subject of changes the product makes by itself (renewals, expiry).</summary>
public static class Audit
{
    public const string System = "opencsp-lifecycle";

    private static readonly JsonSerializerOptions Pascal = new()
    {
        PropertyNamingPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A resource snapshot as Partner Center stores it: a JSON string of the PascalCase resource, enums by name as the API writes them.</summary>
    public static string Snapshot<T>(T value) => JsonSerializer.Serialize(value, Pascal);

    public static AuditRecord Of(Guid partnerId, Guid? customerId, string customerName, string who, string resourceType, string resourceId, string operation,
        DateTimeOffset at, string? oldValue, string? newValue, params (string Key, string Value)[] data) => new()
        {
            Id = Guid.CreateVersion7(at), // time-ordered: the primary-key index grows at its end
            PartnerId = partnerId,
            CustomerId = customerId,
            CustomerName = customerName,
            UserPrincipalName = who,
            ResourceType = resourceType,
            ResourceId = resourceId,
            OperationType = operation,
            OperationDate = at,
            ResourceOldValue = oldValue,
            ResourceNewValue = newValue,
            CustomizedData = [.. data.Select(d => new AuditDatum { Key = d.Key, Value = d.Value })],
        };

    public static string Who(Caller caller) => caller.Subject;
}
