using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Server.Api;

namespace OpenCsp.Server.Tests;

/// <summary>Partner Center's JSON list filter, parsed once for customers, the activity log and support requests.</summary>
public sealed class FilterTests
{
    [Theory]
    [InlineData("""{"Field":"CompanyName","Value":" Con ","Operator":"starts_with"}""")]
    [InlineData("""{"field":"companyname","value":"Con","operator":"StartsWith"}""")]
    public void AFilterNamesAFieldItsOperatorAndAValue(string filter)
    {
        var parsed = Filters.Parse<CustomerSearchField>(filter, _ => "starts_with");
        Assert.Equal((CustomerSearchField.CompanyName, "Con"), parsed.Value);
    }

    [Fact]
    public void NoFilterIsNoFilter() => Assert.Null(Filters.Parse<CustomerSearchField>(" ", _ => "starts_with").Value);

    [Theory]
    [InlineData("not a JSON object", "CompanyName starts with C")]
    [InlineData("Field must be CompanyName, Domain, IndirectReseller", """{"Field":"Phone","Value":"1","Operator":"starts_with"}""")]
    [InlineData("the operator for Domain is starts_with", """{"Field":"Domain","Value":"c","Operator":"equals"}""")]
    [InlineData("Value is required", """{"Field":"Domain","Value":"","Operator":"starts_with"}""")]
    public void ABadFilterIsA400NamingWhatIsWrong(string expected, string filter)
    {
        var refusal = Filters.Parse<CustomerSearchField>(filter, _ => "starts_with").Refusal;
        Assert.Equal((ErrorCodes.InvalidFilter, 400), (refusal!.Error, refusal.Error.Status));
        Assert.Contains(expected, ErrorText.Describe(refusal, Languages.English), StringComparison.Ordinal);
    }
}
