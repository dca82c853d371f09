using OpenCsp.Core;
using OpenCsp.Core.Data;
using OpenCsp.Core.Time;
using OpenCsp.Server.Api;
using OpenCsp.Server.Api.ActivityLog;
using OpenCsp.Server.Api.Billing;
using OpenCsp.Server.Api.Catalog;
using OpenCsp.Server.Api.Customers;
using OpenCsp.Server.Api.Ordering;
using OpenCsp.Server.Api.Pipeline;
using OpenCsp.Server.Api.Software;
using OpenCsp.Server.Api.Subscriptions;
using OpenCsp.Server.Api.Support;
using OpenCsp.Server.Auth;
using OpenCsp.Server.Dashboard;
using OpenCsp.Server.Lifecycle;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// appsettings*.json ship beside the binaries; the working directory only holds the data (opencsp.db).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

if (!builder.Environment.IsDevelopment())
    builder.Logging.AddJsonConsole();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("opencsp"))
    .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("OpenCsp"))
    .WithMetrics(m => m.AddAspNetCoreInstrumentation());
if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
    builder.Services.AddOpenTelemetry().UseOtlpExporter();

// Settings are read after Build (or lazily), so that a host or a test can still add configuration.
builder.Services.AddOpenCspCore();
builder.Services.AddTokenServer();
builder.Services.AddDashboard();
builder.Services.AddPermissionPolicies();
builder.Services.AddApiRateLimits();
builder.Services.AddApiDocument();
builder.Services.AddHostedService<LifecycleWorker>();
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.WebHost.ConfigureKestrel((context, k) => k.Limits.MaxRequestBodySize = Math.Max(MaxBodyBytes(context.Configuration), MaxUploadBytes(context.Configuration)));

var app = builder.Build();

using (var scope = app.Services.CreateScope())
    await scope.ServiceProvider.GetRequiredService<StartUp>().RunAsync(app.Configuration.GetValue("Demo:Seed", true), CancellationToken.None);

app.UseApiErrors(MaxBodyBytes(app.Configuration), MaxUploadBytes(app.Configuration));
var testClock = app.Services.GetRequiredService<TestClock>();
if (testClock.Enabled)
{
    // The clock may have been moved by another instance or by `opencsp clock advance`: read it per request.
    app.Use(async (context, next) =>
    {
        await testClock.LoadAsync(context.RequestServices.GetRequiredService<OpenCspDbContext>(), context.RequestAborted);
        await next(context);
    });
}

app.UseMiddleware<RequestHeaders>();
app.UseStaticFiles();
app.UseRouting();
app.UseDashboardLocalization();
app.UseAuthentication();
app.UseRateLimiter();
app.UsePartnerCenterLiterals();
app.UseAuthorization();
app.UseMiddleware<Idempotency>();

app.MapGet("/healthz", () => Results.Text("Healthy")).ExcludeFromDescription();
app.MapGet("/readyz", async (OpenCspDbContext db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct) ? Results.Text("Ready") : Results.Text("Database unreachable", statusCode: 503))
    .ExcludeFromDescription();
app.MapApiDocument();
app.MapTokenEndpoint();
app.MapDownloads();
app.MapRazorPages();

var v1 = app.MapGroup("/v1").RequireRateLimiting(RateLimits.PerPartnerPerCustomer);
v1.MapCustomers();
v1.MapCatalog();
v1.MapOffers();
v1.MapOrdering();
v1.MapOrderCancellation();
v1.MapSoftware();
v1.MapServiceRequests();
v1.MapSubscriptions();
v1.MapSubscriptionChanges();
v1.MapDeadlines();
v1.MapTransitions();
v1.MapAuditRecords();
v1.MapLedger();
v1.MapInvoices();
v1.MapTestClock(testClock);
v1.MapUnmatched();

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
        app.Logger.LogInformation("OpenCsp is running at {Url} (API reference: {Url}/docs)", url, url);
});

await app.RunAsync();

static long MaxBodyBytes(IConfiguration configuration) => configuration.GetValue("Api:MaxRequestBodyBytes", 1L << 20);

// Support-request attachments come as multipart forms and may be larger than a JSON body (Support:MaxAttachmentBytes plus the form's overhead).
static long MaxUploadBytes(IConfiguration configuration) => configuration.GetValue("Support:MaxAttachmentBytes", 4L << 20) + (64L << 10);

/// <summary>The server's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
