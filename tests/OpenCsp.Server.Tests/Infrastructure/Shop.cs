using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Data;

namespace OpenCsp.Server.Tests.Infrastructure;

/// <summary>Buying through the API as a partner does: find a customer, pick catalog items, fill a cart, check out.</summary>
public static class Shop
{
    public static async Task<string> CustomerIdAsync(HttpClient client, string namePrefix)
    {
        var filter = Uri.EscapeDataString($$"""{"Field":"CompanyName","Value":"{{namePrefix}}","Operator":"starts_with"}""");
        return (await (await client.GetAsync($"/v1/customers?filter={filter}", TestContext.Current.CancellationToken)).AssertOkAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    public static async Task<string> CatalogItemAsync(HttpClient client, string customerId, string productId, string skuId = "0001") =>
        (await (await client.GetAsync($"/v1/customers/{customerId}/products/{productId}/skus/{skuId}/availabilities", TestContext.Current.CancellationToken)).AssertOkAsync())
            .GetProperty("items")[0].GetProperty("catalogItemId").GetString()!;

    public static object Line(string catalogItemId, int quantity, string term, string cycle, string? parent = null) => new
    {
        catalogItemId,
        quantity,
        termDuration = term,
        billingCycle = cycle,
        provisioningContext = parent is null ? null : new Dictionary<string, string> { ["ParentSubscriptionId"] = parent },
    };

    public static async Task<JsonElement> CartAsync(HttpClient client, string customerId, params object[] lines) =>
        await (await client.PostAsync($"/v1/customers/{customerId}/carts", Http.JsonBody(new { lineItems = lines }), TestContext.Current.CancellationToken)).AssertOkAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string customerId, JsonElement cart, string? requestId = null)
    {
        // The SDK posts the JSON string "success" as the checkout body.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{customerId}/carts/{cart.GetProperty("id").GetString()}/checkout") { Content = Http.JsonBody("\"success\"") };
        if (requestId is not null)
            request.Headers.Add("MS-RequestId", requestId);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<T> InDbAsync<T>(OpenCspApp app, Func<OpenCspDbContext, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<OpenCspDbContext>());
    }

    /// <summary>Buys one line and returns the new subscription's id.</summary>
    public static async Task<string> BuyAsync(HttpClient client, string customerId, string catalogItemId, int quantity, string term, string cycle, string? parent = null)
    {
        var order = await (await CheckoutAsync(client, customerId, await CartAsync(client, customerId, Line(catalogItemId, quantity, term, cycle, parent)))).AssertOkAsync(HttpStatusCode.Created);
        return order.GetProperty("orders")[0].GetProperty("lineItems")[0].GetProperty("subscriptionId").GetString()!;
    }
}
