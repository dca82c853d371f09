using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenCsp.Server.Tests.Infrastructure;

public static class Http
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonBody(object value) => JsonBody(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts the status and Partner Center's error shape with the given code; returns the body.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("description").GetString()));
        Assert.Equal("OpenCsp", body.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").ValueKind);
        return body;
    }

    public static async Task<JsonElement> AssertOkAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A valid create-customer body in the camelCase form of the docs.</summary>
    public static object NewCustomer(string domain, string company = "Test Company", string country = "US") => new
    {
        companyProfile = new { domain, companyName = company },
        billingProfile = new
        {
            firstName = "Test",
            lastName = "Person",
            email = "billing@example.com",
            culture = "en-US",
            language = "en",
            companyName = company,
            defaultAddress = new { country, city = "Redmond", state = "WA", addressLine1 = "1 Main St", postalCode = "98052" },
        },
    };
}
