using System.Text.RegularExpressions;
using OpenCsp.Core.Common;

namespace OpenCsp.Core.Customers;

/// <summary>What a billing profile needs (API.md B §4.1: the minimum create body), checked on create and on update.</summary>
public static partial class BillingProfileRules
{
    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    public static Refusal? Validate(BillingProfile? profile)
    {
        if (profile is null)
            return Missing("billingProfile");
        if (string.IsNullOrWhiteSpace(profile.Email) || !Email().IsMatch(profile.Email))
            return Refusal.Of(ErrorCodes.InvalidProperty, "billingProfile.email", "must be an e-mail address");
        if (string.IsNullOrWhiteSpace(profile.CompanyName))
            return Missing("billingProfile.companyName");
        if (string.IsNullOrWhiteSpace(profile.FirstName))
            return Missing("billingProfile.firstName");
        if (string.IsNullOrWhiteSpace(profile.LastName))
            return Missing("billingProfile.lastName");

        var a = profile.Address;
        if (a is null)
            return Missing("billingProfile.defaultAddress");
        if (a.Country is null || !CountryCode().IsMatch(a.Country))
            return Refusal.Of(ErrorCodes.InvalidProperty, "billingProfile.defaultAddress.country", "must be an ISO 3166 two-letter country code");
        if (string.IsNullOrWhiteSpace(a.AddressLine1))
            return Missing("billingProfile.defaultAddress.addressLine1");
        if (string.IsNullOrWhiteSpace(a.City))
            return Missing("billingProfile.defaultAddress.city");
        if (string.IsNullOrWhiteSpace(a.PostalCode))
            return Missing("billingProfile.defaultAddress.postalCode");
        foreach (var (name, value, max) in new[]
                 {
                     ("billingProfile.companyName", profile.CompanyName, 200), ("billingProfile.defaultAddress.addressLine1", a.AddressLine1, 200),
                     ("billingProfile.defaultAddress.addressLine2", a.AddressLine2, 200), ("billingProfile.firstName", profile.FirstName, 50),
                     ("billingProfile.lastName", profile.LastName, 50), ("billingProfile.defaultAddress.city", a.City, 100),
                 })
        {
            if (value is { Length: var length } && length > max)
                return Refusal.Of(ErrorCodes.InvalidProperty, name, $"is longer than {max} characters");
        }

        return null;
    }

    /// <summary>Fills the defaults Partner Center applies and trims the text.</summary>
    public static BillingProfile Normalize(BillingProfile p) => new()
    {
        FirstName = p.FirstName.Trim(),
        LastName = p.LastName.Trim(),
        Email = p.Email.Trim(),
        Culture = string.IsNullOrWhiteSpace(p.Culture) ? "en-US" : p.Culture.Trim(),
        Language = string.IsNullOrWhiteSpace(p.Language) ? "en" : p.Language.Trim(),
        CompanyName = p.CompanyName.Trim(),
        Address = new Address
        {
            Country = p.Address.Country,
            Region = p.Address.Region?.Trim(),
            City = p.Address.City.Trim(),
            State = p.Address.State?.Trim(),
            AddressLine1 = p.Address.AddressLine1.Trim(),
            AddressLine2 = p.Address.AddressLine2?.Trim(),
            PostalCode = p.Address.PostalCode.Trim(),
            FirstName = (p.Address.FirstName ?? p.FirstName).Trim(),
            LastName = (p.Address.LastName ?? p.LastName).Trim(),
            PhoneNumber = p.Address.PhoneNumber?.Trim(),
        },
    };

    private static Refusal Missing(string name) => Refusal.Of(ErrorCodes.InvalidProperty, name, "is required");
}
