using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using Spectre.Console;

namespace OpenCsp.Cli;

/// <summary><c>opencsp activity</c>: a partner's activity log for a date range, as a table or CSV (the same query as GET /v1/auditrecords).</summary>
public static class ActivityCommands
{
    public static Command Activity(IAnsiConsole console)
    {
        var partner = new Option<Guid>("--partner") { Required = true, Description = "The partner whose activity to show" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (UTC), default 30 days ago" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (UTC), default now" };
        var csv = new Option<bool>("--csv") { Description = "Write CSV instead of a table" };
        var command = new Command("activity", "The activity log: who changed what, and when") { partner, from, to, csv };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = await CliApp.MigratedScopeAsync(parse, ct);
            var partnerId = parse.GetValue(partner);
            if (await CliApp.OperatorOfPartnerAsync(scope, partnerId, ct) is not { } caller)
                return CliApp.Fail(console, $"no partner {partnerId}");
            var queries = scope.ServiceProvider.GetRequiredService<AuditQueries>();
            var records = new List<AuditRecord>();
            string? token = null;
            do
            {
                var page = await queries.ListAsync(caller, new AuditPageRequest(ToUtc(parse.GetValue(from)), ToUtc(parse.GetValue(to)), null, AuditQueries.MaxPageSize, token), ct);
                if (!page.IsSuccess)
                    return CliApp.Report(console, page, _ => { });
                records.AddRange(page.Value.Items);
                token = page.Value.ContinuationToken;
            }
            while (token is not null);

            if (parse.GetValue(csv))
            {
                await using var writer = new StringWriter(CultureInfo.InvariantCulture);
                await using (var csvWriter = new CsvWriter(writer, CultureInfo.InvariantCulture))
                    await csvWriter.WriteRecordsAsync(records.Select(r => new
                    {
                        OperationDate = Iso.Format(r.OperationDate),
                        r.UserPrincipalName,
                        r.OperationType,
                        r.ResourceType,
                        r.ResourceId,
                        r.CustomerName,
                        r.OperationStatus,
                    }), ct);
                console.Profile.Out.Writer.Write(writer.ToString());
                return 0;
            }

            var table = new Table().AddColumns("When (UTC)", "Who", "Operation", "Resource", "Customer");
            foreach (var r in records)
                table.AddRow(Iso.Format(r.OperationDate), Markup.Escape(r.UserPrincipalName), r.OperationType, $"{r.ResourceType} {r.ResourceId}", Markup.Escape(r.CustomerName));
            console.Write(table);
            return 0;
        });
        return command;
    }

    private static DateTimeOffset? ToUtc(DateTimeOffset? time) => time?.ToUniversalTime();
}
