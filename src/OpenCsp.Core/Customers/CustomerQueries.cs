using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Customers;

public static class CustomerQueries
{
    /// <summary>
    /// The customers a caller's partner may see: its own as partner of record (a provider thereby sees its
    /// resellers' customers) and, for an indirect reseller, those it sells to. Anything else does not exist for it.
    /// </summary>
    public static IQueryable<Customer> VisibleTo(this IQueryable<Customer> customers, Caller caller) =>
        caller.PartnerKind == PartnerKind.IndirectReseller
            ? customers.Where(c => c.ResellerId == caller.PartnerId)
            : customers.Where(c => c.PartnerId == caller.PartnerId);
}
