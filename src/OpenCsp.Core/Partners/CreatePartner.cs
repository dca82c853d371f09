using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;

namespace OpenCsp.Core.Partners;

public sealed record NewPartner(string Name, PartnerKind Kind, Guid? ProviderId = null, Guid? Id = null, string? MpnId = null);

/// <summary>Registers a partner. An indirect reseller must name its indirect provider.</summary>
public sealed class CreatePartner(OpenCspDbContext db, TimeProvider clock)
{
    public async Task<Result<Partner>> RunAsync(NewPartner input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
            return Refusal.Of(ErrorCodes.InvalidProperty, "name", "is required");
        if (input.Kind == PartnerKind.IndirectReseller)
        {
            var provider = input.ProviderId is { } pid ? await db.Partners.FindAsync([pid], ct) : null;
            if (provider is not { Kind: PartnerKind.IndirectProvider })
                return Refusal.Of(ErrorCodes.InvalidProperty, "providerId", "an indirect reseller needs an existing indirect provider");
        }
        else if (input.ProviderId is not null)
        {
            return Refusal.Of(ErrorCodes.InvalidProperty, "providerId", "only an indirect reseller has a provider");
        }

        var id = input.Id ?? Guid.NewGuid();
        var partner = new Partner
        {
            Id = id,
            Name = input.Name.Trim(),
            Kind = input.Kind,
            ProviderId = input.ProviderId,
            MpnId = input.MpnId ?? await NextMpnIdAsync(ct),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);
        return partner;
    }

    // Partner Center's MPN ids are 6-7 digit numbers; ours count up from 1000001.
    private async Task<string> NextMpnIdAsync(CancellationToken ct) =>
        (1000001 + await db.Partners.CountAsync(ct)).ToString(CultureInfo.InvariantCulture);
}
