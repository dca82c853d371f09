using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Support;
using OpenCsp.Server.Tests.Infrastructure;
using static OpenCsp.Server.Tests.Infrastructure.Shop;

namespace OpenCsp.Server.Tests;

/// <summary>Support requests (SR-1): the fields, the refund topic checked against the partner's data, notes, and attachments.</summary>
public sealed class SupportRequestTests : ApiTests
{
    private const string RefundTopic = "32444671";

    private static object Request(string topic, string description, object? refund = null, string severity = "moderate", string email = "ada@fabrikam.example") => new
    {
        title = "Cancel Windows 7 ESU",
        description,
        severity,
        supportTopicId = topic,
        primaryContact = new { firstName = "Ada", lastName = "Lovelace", email, phoneNumber = "+1 425 555 0100" },
        refund,
    };

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, object body) =>
        client.PostAsync("/v1/servicerequests/en-US", Http.JsonBody(body), Ct);

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, string id, string name, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        form.Add(new StringContent("from the customer"), "comment");
        return client.PostAsync($"/v1/servicerequests/{id}/attachments", form, Ct);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ARefundRequest_CarriesTheCustomerTheOrderTheReasonAndTheAmount_CheckedAgainstTheRecords_SR1_SW9(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var admin = await app.ClientForAsync("demo-admin-agent");
        var contoso = await CustomerIdAsync(admin, "Contoso");
        var esu = await BuyAsync(admin, contoso, await CatalogItemAsync(admin, contoso, "DG7GMGF0F4MH"), 10, "", "one_time");

        var topics = await (await admin.GetAsync("/v1/servicerequests/supporttopics", Ct)).AssertOkAsync();
        Assert.Contains(topics.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "CSP purchase/refund on behalf of customers");

        // Every field of SR-1 is required; a bad one is named.
        await (await CreateAsync(admin, Request(RefundTopic, "x", severity: "unknown"))).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        var badMail = await (await CreateAsync(admin, Request(RefundTopic, "x", email: "not-an-address"))).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
        Assert.Contains("primaryContact.email", badMail.GetProperty("description").GetString());
        await (await CreateAsync(admin, Request("999", "x"))).AssertErrorAsync(HttpStatusCode.BadRequest, 950110);

        // A refund request names the customer and the order or subscription; free text is checked for both.
        await (await CreateAsync(admin, Request(RefundTopic, "Please refund our customer."))).AssertErrorAsync(HttpStatusCode.BadRequest, 950111);
        var onlyCustomer = await (await CreateAsync(admin, Request(RefundTopic, "Refund for contoso.onmicrosoft.com please"))).AssertErrorAsync(HttpStatusCode.BadRequest, 950111);
        Assert.Contains("order or subscription", onlyCustomer.GetProperty("description").GetString());
        var text = await (await CreateAsync(admin, Request(RefundTopic, $"Customer contoso.onmicrosoft.com, subscription {esu}: bought by mistake, refund 610.00 USD")))
            .AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(("open", contoso), (text.GetProperty("status").GetString(), text.GetProperty("customerId").GetString()));

        // Structured: the amount cannot exceed what was charged, the order must be that customer's.
        var litwareOrder = Guid.NewGuid().ToString();
        await (await CreateAsync(admin, Request(RefundTopic, "Refund", new { customerTenantIdOrDomain = contoso, orderOrSubscriptionId = litwareOrder, reason = "mistake", amount = 10 })))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 950112);
        var tooMuch = await (await CreateAsync(admin, Request(RefundTopic, "Refund", new { customerTenantIdOrDomain = "contoso.onmicrosoft.com", orderOrSubscriptionId = esu, reason = "mistake", amount = 100000 })))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 950112);
        Assert.Contains("charged", tooMuch.GetProperty("description").GetString());
        await (await CreateAsync(admin, Request(RefundTopic, "Refund", new { customerTenantIdOrDomain = contoso, orderOrSubscriptionId = esu, reason = "" })))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 950111);
        await (await CreateAsync(admin, Request(RefundTopic, "Refund", new { customerTenantIdOrDomain = contoso, orderOrSubscriptionId = esu, reason = "twice", amount = 12.345m })))
            .AssertErrorAsync(HttpStatusCode.BadRequest, 950112); // money has cents, not fractions of them
        var created = await (await CreateAsync(admin, Request(RefundTopic, "Windows 7 ESU bought twice.", new { customerTenantIdOrDomain = contoso, orderOrSubscriptionId = esu, reason = "bought twice", amount = 100 })))
            .AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9]{15}$", id);
        Assert.Contains("Requested amount: 100.00 USD", created.GetProperty("description").GetString());

        // Notes, closing, and the customer's view.
        var noted = await (await admin.PatchAsync($"/v1/servicerequests/{id}", Http.JsonBody(new { newNote = new { text = "Order id attached." } }), Ct)).AssertOkAsync();
        Assert.Equal("Order id attached.", noted.GetProperty("notes")[0].GetProperty("text").GetString());
        // The SDK's way: the whole request with its unset severity and status, which change nothing.
        var sdk = await (await admin.PatchAsync($"/v1/servicerequests/{id}",
            Http.JsonBody(new { newNote = new { text = "Sent by the SDK." }, severity = "unknown", status = "none" }), Ct)).AssertOkAsync();
        Assert.Equal(("Sent by the SDK.", noted.GetProperty("severity").GetString(), "open"),
            (sdk.GetProperty("notes")[1].GetProperty("text").GetString(), sdk.GetProperty("severity").GetString(), sdk.GetProperty("status").GetString()));
        // A writer that read the request before another note was added cannot save over it: that note would be lost.
        await InDbAsync(app, async d =>
        {
            var stale = await d.ServiceRequests.SingleAsync(r => r.Id == id, Ct);
            await (await admin.PatchAsync($"/v1/servicerequests/{id}", Http.JsonBody(new { newNote = new { text = "Meanwhile." } }), Ct)).AssertOkAsync();
            stale.Notes = [.. stale.Notes, new ServiceRequestNote { CreatedByName = "stale", CreatedDate = stale.LastModifiedDate, Text = "Lost?" }];
            stale.Version++;
            return await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => d.SaveChangesAsync(Ct));
        });
        Assert.Equal(["Order id attached.", "Sent by the SDK.", "Meanwhile."],
            (await (await admin.GetAsync($"/v1/servicerequests/{id}", Ct)).AssertOkAsync()).GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()));
        await (await admin.PatchAsync($"/v1/servicerequests/{id}", Http.JsonBody(new { status = "closed" }), Ct)).AssertOkAsync();
        await (await admin.PatchAsync($"/v1/servicerequests/{id}", Http.JsonBody(new { newNote = new { text = "late" } }), Ct)).AssertErrorAsync(HttpStatusCode.Conflict, 950114);
        var closed = Uri.EscapeDataString("""{"Field":"Status","Value":"closed","Operator":"equals"}""");
        var list = await (await admin.GetAsync($"/v1/customers/{contoso}/servicerequests?filter={closed}", Ct)).AssertOkAsync();
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        // Another partner does not see it.
        var other = await app.ClientForAsync("demo-other-admin-agent");
        await (await other.GetAsync($"/v1/servicerequests/{id}", Ct)).AssertErrorAsync(HttpStatusCode.NotFound, 950113);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Requests_AreListedNewestFirst_ByIndex_SR1(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var helpdesk = await app.ClientForAsync("demo-helpdesk-agent");
        var admin = await app.ClientForAsync("demo-admin-agent");
        var ids = new List<string>();
        foreach (var title in new[] { "First", "Second", "Third" })
        {
            ids.Add((await (await CreateAsync(helpdesk, Request("32444674", title))).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
            await (await admin.PostAsync("/v1/testclock/advance", Http.JsonBody(new { by = "PT1M" }), Ct)).AssertOkAsync();
        }

        var first = await (await helpdesk.GetAsync("/v1/servicerequests?status=open&size=2", Ct)).AssertOkAsync();
        Assert.Equal(3, first.GetProperty("totalCount").GetInt32());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var next = first.GetProperty("links").GetProperty("next").GetProperty("uri").GetString();
        Assert.Equal("/servicerequests?status=open&offset=2&size=2", next);
        Assert.Equal([ids[0]], (await (await helpdesk.GetAsync("/v1" + next, Ct)).AssertOkAsync()).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        await (await helpdesk.GetAsync("/v1/servicerequests?offset=-1", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 3000);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AttachmentsSentAtOnce_NeverPassTheLimit_TheLoserIsToldToRetry_SR1(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db);
        var helpdesk = await app.ClientForAsync("demo-helpdesk-agent");
        var id = (await (await CreateAsync(helpdesk, Request("32444674", "Logs attached."))).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // Each checks the count and then inserts: without a new version per attachment, those racing past the same count all land.
        var answers = await Task.WhenAll(Enumerable.Range(0, 14).Select(n => AttachAsync(helpdesk, id, $"log-{n}.txt", Encoding.UTF8.GetBytes($"line {n}\n"))));
        var codes = await Task.WhenAll(answers.Select(async a => a.IsSuccessStatusCode ? 0 : (await a.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetInt32()));
        Assert.All(codes, c => Assert.Contains(c, new[] { 0, 950117, 950118 }));
        var stored = (await (await helpdesk.GetAsync($"/v1/servicerequests/{id}", Ct)).AssertOkAsync()).GetProperty("fileLinks").GetArrayLength();
        Assert.InRange(stored, 1, 10);
        Assert.Equal(codes.Count(c => c == 0), stored);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task Attachments_AreSizeLimited_TypeCheckedByContent_AndServedOnlyAsDownloads_SR1(Db db)
    {
        await using var app = await OpenCspApp.StartAsync(db, new() { ["Support:MaxAttachmentBytes"] = "2048" });
        var helpdesk = await app.ClientForAsync("demo-helpdesk-agent");
        var id = (await (await CreateAsync(helpdesk, Request("32444674", "The download link expired."))).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n% a tiny document\n");
        var attached = await (await AttachAsync(helpdesk, id, "../../etc/invoice.pdf", pdf)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(("invoice", ".pdf"), (attached.GetProperty("fileNameWithoutExtension").GetString(), attached.GetProperty("fileExtension").GetString()));
        var file = await helpdesk.GetAsync($"/v1{attached.GetProperty("location").GetProperty("uri").GetString()}", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/octet-stream", file.Content.Headers.ContentType?.MediaType);

        await (await AttachAsync(helpdesk, id, "page.html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"))).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, 950116);
        await (await AttachAsync(helpdesk, id, "fake.pdf", Encoding.UTF8.GetBytes("MZ this is an executable"))).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, 950116);
        await (await AttachAsync(helpdesk, id, "big.txt", Encoding.UTF8.GetBytes(new string('a', 4096)))).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, 950115);
        await (await AttachAsync(helpdesk, id, "a." + new string('b', 200), pdf)).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, 950116); // an "extension" longer than a name
        var longName = await (await AttachAsync(helpdesk, id, new string('n', 200) + ".pdf", pdf)).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal((116, ".pdf"), (longName.GetProperty("fileNameWithoutExtension").GetString()!.Length, longName.GetProperty("fileExtension").GetString()));
        var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n"));
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        await (await helpdesk.PostAsync($"/v1/servicerequests/{id}/attachments", noBoundary, Ct)).AssertErrorAsync(HttpStatusCode.BadRequest, 800002);
        var log = await (await AttachAsync(helpdesk, id, "trace.log", Encoding.UTF8.GetBytes("GET /downloads/x 410\n"))).AssertOkAsync(HttpStatusCode.Created);

        var request = await (await helpdesk.GetAsync($"/v1/servicerequests/{id}", Ct)).AssertOkAsync();
        Assert.Equal(3, request.GetProperty("fileLinks").GetArrayLength());
        Assert.Equal(JsonValueKind.String, log.GetProperty("id").ValueKind);
        var billing = await app.ClientForAsync("demo-marketing-content-admin");
        await (await billing.GetAsync($"/v1/servicerequests/{id}", Ct)).AssertErrorAsync(HttpStatusCode.Forbidden, 900308);
    }
}
