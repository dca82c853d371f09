using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Common;
using OpenCsp.Core.Data;
using OpenCsp.Core.Support;
using OpenCsp.Core.Tests.Infrastructure;

namespace OpenCsp.Core.Tests.Support;

/// <summary>A request filed with its files (SR-1): every file is checked first, and the request stands only with all of them.</summary>
public sealed class SupportRequestTests
{
    private static readonly NewServiceRequest Request = new("Invoice question", "Why was I charged twice?", ServiceRequestSeverity.Minimal, "32444672",
        new ContactInput("Ada", "Lovelace", "ada@example.com", "+1 555 0100"));

    private static NewAttachment Pdf(string name) => new(name, null, Encoding.ASCII.GetBytes("%PDF-1.7\n% a tiny document\n"));

    [Fact]
    public async Task SR1_ARefusedFile_FilesNothing()
    {
        await using var host = await CoreHost.StartAsync();
        var caller = await host.PartnerAsync();
        var fake = new NewAttachment("fake.pdf", null, Encoding.ASCII.GetBytes("MZ this is an executable"));

        var refused = await host.RunAsync<SupportRequests, Result<ServiceRequest>>(s => s.CreateAsync(caller, "en", Request, CancellationToken.None, [Pdf("a.pdf"), fake]));
        var tooMany = await host.RunAsync<SupportRequests, Result<ServiceRequest>>(s => s.CreateAsync(caller, "en", Request, CancellationToken.None,
            [.. Enumerable.Range(0, SupportRequests.MaxAttachments + 1).Select(n => Pdf($"{n}.pdf"))]));

        Assert.Equal((ErrorCodes.AttachmentTypeNotAllowed, ErrorCodes.AttachmentLimit), (refused.Refusal!.Error, tooMany.Refusal!.Error));
        Assert.Equal((0, 0), await host.RunAsync<OpenCspDbContext, (int, int)>(async db =>
            (await db.ServiceRequests.CountAsync(), await db.ServiceRequestFiles.CountAsync())));
    }

    [Fact]
    public async Task SR1_ARequestWithFiles_IsSavedWithAllOfThem()
    {
        await using var host = await CoreHost.StartAsync();
        var caller = await host.PartnerAsync();

        var filed = await host.RunAsync<SupportRequests, Result<ServiceRequest>>(s => s.CreateAsync(caller, "en", Request, CancellationToken.None, [Pdf("a.pdf"), Pdf("../b.PDF")]));

        var files = await host.RunAsync<OpenCspDbContext, List<(string, string)>>(async db =>
            [.. (await db.ServiceRequestFiles.Where(f => f.ServiceRequestId == filed.Value.Id).OrderBy(f => f.FileName).ToListAsync()).Select(f => (f.FileName, f.Extension))]);
        Assert.Equal([("a.pdf", ".pdf"), ("b.PDF", ".pdf")], files); // the path is dropped from a name
    }
}
