using System.Diagnostics.CodeAnalysis;
using OpenCsp.Core.Common;

namespace OpenCsp.Server.Api;

/// <summary>Route ids are GUIDs; anything else is a 4xx with the resource's own code, never a routing 404.</summary>
public static class Ids
{
    public static bool TryCustomer(string text, out Guid id, [NotNullWhen(false)] out Refusal? refusal) =>
        TryGuid(text, ErrorCodes.InvalidCustomerId, out id, out refusal);

    public static bool TryGuid(string text, ErrorCode whenNot, out Guid id, [NotNullWhen(false)] out Refusal? refusal)
    {
        refusal = Guid.TryParse(text, out id) ? null : Refusal.Of(whenNot, text);
        return refusal is null;
    }
}
