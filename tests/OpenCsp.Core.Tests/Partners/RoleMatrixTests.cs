using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Tests.Partners;

/// <summary>ROLE-1: each operation states which roles may perform it; everything else is refused.</summary>
public sealed class RoleMatrixTests
{
    [Fact]
    public void EveryPermission_IsGrantedToSomeRole_AndAlwaysToGlobalAdmin_ROLE1()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.NotEqual(Role.None, RoleMatrix.RolesFor(permission));
            Assert.True(RoleMatrix.Allows(Role.GlobalAdmin, permission), $"global admin lacks {permission}");
        }
    }

    [Theory]
    [InlineData(Role.AdminAgent, Permission.ManageCustomers, true)]
    [InlineData(Role.SalesAgent, Permission.ManageCustomers, true)]
    [InlineData(Role.HelpdeskAgent, Permission.ReadCustomers, true)]
    [InlineData(Role.HelpdeskAgent, Permission.ManageCustomers, false)]
    [InlineData(Role.BillingAdmin, Permission.ReadCustomers, false)]
    [InlineData(Role.MarketingContentAdmin, Permission.ReadCustomers, false)]
    [InlineData(Role.SalesAgent, Permission.UseTestClock, false)]
    [InlineData(Role.SalesAgent, Permission.ReadActivity, false)]
    [InlineData(Role.MarketingContentAdmin, Permission.ReadSoftwareActivity, true)] // SW-7
    [InlineData(Role.AdminAgent, Permission.ReadSoftwareActivity, false)]
    [InlineData(Role.None, Permission.ReadCustomers, false)]
    public void Matrix_AllowsOnlyTheListedRoles_ROLE1(Role role, Permission permission, bool allowed) =>
        Assert.Equal(allowed, RoleMatrix.Allows(role, permission));

    [Fact]
    public void SeveralRoles_AllowWhatAnyOfThemAllows_ROLE1() =>
        Assert.True(RoleMatrix.Allows(Role.BillingAdmin | Role.HelpdeskAgent, Permission.ReadCustomers));

    [Theory]
    [InlineData(Role.AdminAgent, "admin-agent")]
    [InlineData(Role.MarketingContentAdmin, "marketing-content-admin")]
    public void Roles_HaveKebabNames_ThatParseBack(Role role, string kebab)
    {
        Assert.Equal(kebab, Roles.ToKebab(role));
        Assert.Equal(role, Roles.FromKebab(kebab));
        Assert.Equal(role, Roles.FromKebab(role.ToString()));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("root")]
    [InlineData("3")]
    public void UnknownRoleNames_AreRefused(string text) => Assert.Null(Roles.FromKebab(text));
}
