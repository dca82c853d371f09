using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// Checkout benchmark: N concurrent API clients each take a token, then loop cart → checkout against a running
// OpenCsp for a fixed time, and report orders/s and latency percentiles, and the ratio to a reference throughput
// measured in the same run (pgbench's TPC-B tps on the same PostgreSQL; see bench/run.sh). A warm-up of the same
// loop runs first, unmeasured, so the numbers are the server's steady state rather than its JIT compiling.
if (args.FirstOrDefault() == "billing")
{
    // bench/billing.sh: billing <connection string> <subscriptions>
    return await BillingBench.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
}

if (args.FirstOrDefault() == "lifecycle")
{
    // bench/lifecycle.sh: lifecycle <connection string> <count>
    return await LifecycleBench.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
}

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5090");
var clients = int.Parse(options.GetValueOrDefault("clients", "8"), CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var referenceTps = double.Parse(options.GetValueOrDefault("reference-tps", "0"), CultureInfo.InvariantCulture);
// On two cores the tiered JIT is still compiling after 15 s of checkouts: 60 s measures the server as it runs warm.
var warmup = int.Parse(options.GetValueOrDefault("warmup", "60"), CultureInfo.InvariantCulture);

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = await BearerAsync();

// Every Fabrikam customer, each with the catalog item of Microsoft 365 Business Basic in its market.
var customers = (await http.GetFromJsonAsync<JsonElement>("/v1/customers?size=100")).GetProperty("items").EnumerateArray()
    .Select(c => c.GetProperty("id").GetString()!).ToList();
var items = new Dictionary<string, string>();
foreach (var customer in customers)
{
    var availabilities = await http.GetFromJsonAsync<JsonElement>($"/v1/customers/{customer}/products/CFQ7TTC0LH18/skus/0001/availabilities");
    items[customer] = availabilities.GetProperty("items")[0].GetProperty("catalogItemId").GetString()!;
}

await CheckoutLoopAsync(warmup);
var started = Stopwatch.StartNew();
var (latencies, failures) = await CheckoutLoopAsync(seconds);
started.Stop();

var all = latencies.Order().ToList();
double Percentile(double p) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
var ordersPerSecond = all.Count / started.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"checkout: {all.Count} orders in {started.Elapsed.TotalSeconds:0.0} s by {clients} clients = {ordersPerSecond:0.0} orders/s; p50 {Percentile(0.50):0.0} ms, p99 {Percentile(0.99):0.0} ms; {failures} failed"));
if (referenceTps > 0)
{
    var ratio = ordersPerSecond / referenceTps;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"reference: pgbench TPC-B {referenceTps:0.0} tps on the same PostgreSQL; ratio checkout/pgbench = {ratio:0.00} (target >= 0.50: {(ratio >= 0.5 ? "met" : "not met")})"));
}

return failures == 0 ? 0 : 1;

async Task<System.Net.Http.Headers.AuthenticationHeaderValue> BearerAsync()
{
    using var response = await http.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = "demo-admin-agent",
        ["client_secret"] = "demo-secret",
    }));
    return new("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
}

// Every client loops cart → checkout until the time is up; returns each successful checkout's latency in ms.
async Task<(List<double> Latencies, int Failures)> CheckoutLoopAsync(int forSeconds)
{
    var perClient = new List<double>[clients];
    var failed = 0;
    var stopAt = Stopwatch.GetTimestamp() + (long)(forSeconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
    {
        perClient[worker] = [];
        var bearer = await BearerAsync(); // each client its own token, as separate integrations would
        var customer = customers[worker % customers.Count];
        var body = JsonSerializer.Serialize(new
        {
            lineItems = new[] { new { catalogItemId = items[customer], quantity = 1, termDuration = "P1M", billingCycle = "monthly" } },
        });
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var watch = Stopwatch.StartNew();
            var cart = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{customer}/carts")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                Headers = { Authorization = bearer },
            });
            var cartId = cart.IsSuccessStatusCode ? (await cart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
            var checkout = cartId is null ? null : await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{customer}/carts/{cartId}/checkout")
            {
                Headers = { Authorization = bearer },
            });
            if (checkout?.IsSuccessStatusCode == true)
                perClient[worker].Add(watch.Elapsed.TotalMilliseconds);
            else
                Interlocked.Increment(ref failed);
        }
    }));
    return ([.. perClient.SelectMany(l => l)], failed);
}
