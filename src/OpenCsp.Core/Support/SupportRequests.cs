using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;

namespace OpenCsp.Core.Support;

public sealed record ContactInput(string? FirstName, string? LastName, string? Email, string? PhoneNumber);

public sealed record RefundInput(string? CustomerTenantIdOrDomain, string? OrderOrSubscriptionId, string? Reason, decimal? Amount, string? Currency);

public sealed record NewServiceRequest(
    string? Title, string? Description, ServiceRequestSeverity? Severity, string? SupportTopicId, ContactInput? PrimaryContact,
    string? ProductName = null, string? ProductId = null, string? CountryCode = null, Guid? CustomerId = null, RefundInput? Refund = null);

public sealed record ServiceRequestChange(string? NewNote, ServiceRequestStatus? Status, ServiceRequestSeverity? Severity);

public sealed record NewAttachment(string FileName, string? Comment, byte[] Content);

/// <summary>
/// Support requests (SR-1): filed with every field the rule names, refund requests checked against the partner's own
/// customers, orders and subscriptions, notes and status changes, and attachments that are size-limited and accepted
/// only when their content is the type their name says.
/// </summary>
public sealed partial class SupportRequests(OpenCspDbContext db, TimeProvider clock, IConfiguration configuration)
{
    public const int MaxAttachments = 10;

    /// <summary>Allowed extensions and the bytes their content must start with (none: text that must be UTF-8 without NULs).</summary>
    private static readonly Dictionary<string, byte[][]> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = [[0x25, 0x50, 0x44, 0x46, 0x2D]],
        [".png"] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        [".jpg"] = [[0xFF, 0xD8, 0xFF]],
        [".jpeg"] = [[0xFF, 0xD8, 0xFF]],
        [".gif"] = [[0x47, 0x49, 0x46, 0x38]],
        [".zip"] = [[0x50, 0x4B, 0x03, 0x04]],
        [".docx"] = [[0x50, 0x4B, 0x03, 0x04]],
        [".xlsx"] = [[0x50, 0x4B, 0x03, 0x04]],
        [".txt"] = [],
        [".log"] = [],
        [".csv"] = [],
        [".json"] = [],
        [".eml"] = [],
    };

    public static IEnumerable<string> AllowedExtensions => Signatures.Keys;

    public long MaxAttachmentBytes => configuration.GetValue("Support:MaxAttachmentBytes", 4L << 20);

    /// <summary>
    /// Files a request (SR-1), with <paramref name="files"/> attached: every file is checked first, and the request and
    /// its files are saved together, so a refused file files nothing.
    /// </summary>
    public async Task<Result<ServiceRequest>> CreateAsync(Caller caller, string locale, NewServiceRequest input, CancellationToken ct,
        IReadOnlyList<NewAttachment>? files = null)
    {
        files ??= [];
        if (files.Count > MaxAttachments)
            return Refusal.Of(ErrorCodes.AttachmentLimit, MaxAttachments);
        if (files.Select(CheckAttachment).FirstOrDefault(r => r is not null) is { } refusedFile)
            return refusedFile;
        var topic = SupportTopics.Find(input.SupportTopicId);
        if (topic is null)
            return Refusal.Of(ErrorCodes.SupportTopicNotFound, input.SupportTopicId ?? "");
        if (Missing(input) is { } missing)
            return Refusal.Of(ErrorCodes.InvalidProperty, missing.Field, missing.Expected).WithRule("SR-1");
        if (input.CustomerId is { } customerId && !await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);

        var description = input.Description!.Trim();
        RefundDetails? refund = null;
        var customer = input.CustomerId;
        if (topic.Id == SupportTopics.RefundTopicId)
        {
            if (input.Refund is null)
            {
                var named = await RefundFromTextAsync(caller, description, ct);
                if (!named.IsSuccess)
                    return named.Refusal!;
                customer ??= named.Value;
            }
            else
            {
                var details = await RefundAsync(caller, input.Refund, ct);
                if (!details.IsSuccess)
                    return details.Refusal!;
                refund = details.Value;
                customer ??= refund.CustomerId;
                description += string.Create(CultureInfo.InvariantCulture,
                    $"\n\nCustomer: {refund.CustomerTenantIdOrDomain}\nOrder or subscription: {refund.OrderOrSubscriptionId}\nReason: {refund.Reason}\nRequested amount: {refund.Amount:0.00} {refund.Currency}");
            }
        }

        var now = clock.GetUtcNow();
        var contact = input.PrimaryContact!;
        var request = new ServiceRequest
        {
            Id = NewId(),
            PartnerId = caller.PartnerId,
            CustomerId = customer,
            Title = input.Title!.Trim(),
            Description = description,
            Severity = input.Severity!.Value,
            SupportTopicId = topic.Id,
            SupportTopicName = topic.Name,
            Status = ServiceRequestStatus.Open,
            PrimaryContact = new ServiceRequestContact
            {
                FirstName = contact.FirstName!.Trim(),
                LastName = contact.LastName!.Trim(),
                Email = contact.Email!.Trim(),
                PhoneNumber = contact.PhoneNumber!.Trim(),
            },
            ProductName = input.ProductName?.Trim(),
            ProductId = input.ProductId?.Trim(),
            CountryCode = input.CountryCode?.Trim().ToUpperInvariant() ?? "",
            Locale = locale,
            CreatedBy = Audit.Who(caller),
            LastUpdatedBy = Audit.Who(caller),
            CreatedDate = now,
            LastModifiedDate = now,
            Refund = refund,
        };
        db.ServiceRequests.Add(request);
        db.AuditRecords.Add(Audit.Of(caller.PartnerId, customer, "", Audit.Who(caller), "service_request", request.Id, "create_service_request", now, null,
            Audit.Snapshot(request), ("SupportTopic", topic.Name), ("Severity", request.Severity.ToString())));
        foreach (var file in files)
            AddFile(caller, request, file, now);
        await db.SaveChangesAsync(ct);
        return request;
    }

    public async Task<Result<IReadOnlyList<ServiceRequest>>> ListAsync(Caller caller, Guid? customerId, ServiceRequestStatus? status, CancellationToken ct)
    {
        var all = await PageAsync(caller, customerId, status, 0, int.MaxValue, ct);
        if (!all.IsSuccess)
            return all.Refusal!;
        return all.Value.Requests.ToList();
    }

    /// <summary>The partner's (or one customer's) requests, newest first, <paramref name="size"/> from <paramref name="offset"/>, with how many match.</summary>
    public async Task<Result<(IReadOnlyList<ServiceRequest> Requests, int Total)>> PageAsync(
        Caller caller, Guid? customerId, ServiceRequestStatus? status, int offset, int size, CancellationToken ct)
    {
        if (customerId is { } id && !await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == id, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, id);
        var query = db.ServiceRequests.AsNoTracking().Where(r => r.PartnerId == caller.PartnerId);
        if (customerId is { } only)
            query = query.Where(r => r.CustomerId == only);
        if (status is { } s)
            query = query.Where(r => r.Status == s);
        return await query.OrderByDescending(r => r.CreatedDate).ThenBy(r => r.Id).PageAsync(offset, size, ct);
    }

    public async Task<Result<ServiceRequest>> GetAsync(Caller caller, string id, Guid? customerId, CancellationToken ct)
    {
        if (customerId is { } c && !await db.Customers.VisibleTo(caller).AnyAsync(x => x.Id == c, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, c);
        return await db.ServiceRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.PartnerId == caller.PartnerId && (customerId == null || r.CustomerId == customerId), ct)
            is { } found
            ? found
            : Refusal.Of(ErrorCodes.ServiceRequestNotFound, id);
    }

    /// <summary>PATCH: add a note, close or reopen, change the impact. A closed request takes a note only by being reopened.</summary>
    public async Task<Result<ServiceRequest>> UpdateAsync(Caller caller, string id, Guid? customerId, ServiceRequestChange change, CancellationToken ct)
    {
        if (customerId is { } c && !await db.Customers.VisibleTo(caller).AnyAsync(x => x.Id == c, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, c);
        var request = await db.ServiceRequests.SingleOrDefaultAsync(r => r.Id == id && r.PartnerId == caller.PartnerId && (customerId == null || r.CustomerId == customerId), ct);
        if (request is null)
            return Refusal.Of(ErrorCodes.ServiceRequestNotFound, id);
        // The SDK sends the whole request back: its unset severity (unknown) and status (none) change nothing.
        change = change with
        {
            Severity = change.Severity == ServiceRequestSeverity.Unknown ? null : change.Severity,
            Status = change.Status == ServiceRequestStatus.None ? null : change.Status,
        };
        var reopening = change.Status is ServiceRequestStatus.Open or ServiceRequestStatus.AttentionNeeded;
        if (request.Status == ServiceRequestStatus.Closed && !reopening && (change.NewNote is not null || change.Severity is not null))
            return Refusal.Of(ErrorCodes.ServiceRequestClosed, id);
        if (change.NewNote is { } note && (string.IsNullOrWhiteSpace(note) || note.Length > 10_000))
            return Refusal.Of(ErrorCodes.InvalidProperty, "newNote.text", "1 to 10,000 characters");

        var now = clock.GetUtcNow();
        var before = Audit.Snapshot(request);
        if (change.NewNote is { } text)
            request.Notes = [.. request.Notes, new ServiceRequestNote { CreatedByName = Audit.Who(caller), CreatedDate = now, Text = text.Trim() }];
        if (change.Severity is { } severity)
            request.Severity = severity;
        if (change.Status is { } status && status != request.Status)
        {
            request.Status = status;
            if (status == ServiceRequestStatus.Closed)
                request.LastClosedDate = now;
        }

        request.LastModifiedDate = now;
        request.LastUpdatedBy = Audit.Who(caller);
        request.Version++;
        db.AuditRecords.Add(Audit.Of(caller.PartnerId, request.CustomerId, "", Audit.Who(caller), "service_request", request.Id, "update_service_request", now,
            before, Audit.Snapshot(request)));
        return await db.TrySaveChangesAsync(ct) ? request : Refusal.Of(ErrorCodes.ServiceRequestChanged, id);
    }

    /// <summary>Whether a file may be attached: its size, a name, and content that is the type its name says.</summary>
    private Refusal? CheckAttachment(NewAttachment file)
    {
        if (file.Content.Length > MaxAttachmentBytes)
            return Refusal.Of(ErrorCodes.AttachmentTooLarge, MaxAttachmentBytes);
        var name = SafeFileName(file.FileName);
        var extension = Path.GetExtension(name);
        if (file.Content.Length == 0 || name.Length == 0)
            return Refusal.Of(ErrorCodes.InvalidProperty, "file", "a named, non-empty file");
        return ContentMatches(extension, file.Content) ? null
            : Refusal.Of(ErrorCodes.AttachmentTypeNotAllowed, extension.Length == 0 ? name : extension, string.Join(", ", AllowedExtensions));
    }

    public async Task<Result<ServiceRequestFile>> AttachAsync(Caller caller, string id, NewAttachment file, CancellationToken ct)
    {
        var request = await db.ServiceRequests.SingleOrDefaultAsync(r => r.Id == id && r.PartnerId == caller.PartnerId, ct);
        if (request is null)
            return Refusal.Of(ErrorCodes.ServiceRequestNotFound, id);
        if (await db.ServiceRequestFiles.CountAsync(f => f.ServiceRequestId == id, ct) >= MaxAttachments)
            return Refusal.Of(ErrorCodes.AttachmentLimit, MaxAttachments);
        if (CheckAttachment(file) is { } refused)
            return refused;
        var stored = AddFile(caller, request, file, clock.GetUtcNow());
        // A new version, so that of two attachments added at once past the count above, the later one is refused
        // (retryable) instead of both landing beyond the limit.
        request.Version++;
        return await db.TrySaveChangesAsync(ct) ? stored : Refusal.Of(ErrorCodes.ServiceRequestChanged, id);
    }

    /// <summary>A checked file onto a request, with its activity record.</summary>
    private ServiceRequestFile AddFile(Caller caller, ServiceRequest request, NewAttachment file, DateTimeOffset now)
    {
        var name = SafeFileName(file.FileName);
        var stored = new ServiceRequestFile
        {
            Id = Guid.NewGuid(),
            ServiceRequestId = request.Id,
            PartnerId = caller.PartnerId,
            FileName = name,
            Extension = Path.GetExtension(name).ToLowerInvariant(),
            Size = file.Content.Length,
            Comment = file.Comment?.Trim() ?? "",
            Content = file.Content,
            UploadedBy = Audit.Who(caller),
            UploadedAt = now,
        };
        db.ServiceRequestFiles.Add(stored);
        request.LastModifiedDate = now;
        request.LastUpdatedBy = Audit.Who(caller);
        db.AuditRecords.Add(Audit.Of(caller.PartnerId, request.CustomerId, "", Audit.Who(caller), "service_request", request.Id, "add_service_request_attachment", now, null, null,
            ("FileName", name), ("Size", stored.Size.ToString(CultureInfo.InvariantCulture))));
        return stored;
    }

    /// <summary>The attachments of requests, without their content.</summary>
    public async Task<ILookup<string, ServiceRequestFile>> FilesAsync(IReadOnlyList<string> requestIds, CancellationToken ct) =>
        (await db.ServiceRequestFiles.AsNoTracking().Where(f => requestIds.Contains(f.ServiceRequestId))
            .Select(f => new ServiceRequestFile
            {
                Id = f.Id,
                ServiceRequestId = f.ServiceRequestId,
                PartnerId = f.PartnerId,
                FileName = f.FileName,
                Extension = f.Extension,
                Size = f.Size,
                Comment = f.Comment,
                Content = Array.Empty<byte>(),
                UploadedBy = f.UploadedBy,
                UploadedAt = f.UploadedAt,
            })
            .ToListAsync(ct)).OrderBy(f => f.UploadedAt).ToLookup(f => f.ServiceRequestId);

    public async Task<Result<ServiceRequestFile>> FileAsync(Caller caller, string id, Guid fileId, CancellationToken ct) =>
        await db.ServiceRequestFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.ServiceRequestId == id && f.PartnerId == caller.PartnerId, ct)
            is { } file
            ? file
            : Refusal.Of(ErrorCodes.ServiceRequestNotFound, $"{id}/{fileId}");

    private static (string Field, string Expected)? Missing(NewServiceRequest input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
            return ("title", "1 to 200 characters");
        if (string.IsNullOrWhiteSpace(input.Description) || input.Description.Length > 10_000)
            return ("description", "1 to 10,000 characters");
        if (input.Severity is null or ServiceRequestSeverity.Unknown)
            return ("severity", "the impact: critical, moderate or minimal");
        var contact = input.PrimaryContact;
        if (string.IsNullOrWhiteSpace(contact?.FirstName) || string.IsNullOrWhiteSpace(contact.LastName))
            return ("primaryContact", "the contact's first and last name");
        if (string.IsNullOrWhiteSpace(contact.Email) || !MailAddress.TryCreate(contact.Email.Trim(), out var mail) || mail.Address != contact.Email.Trim())
            return ("primaryContact.email", "an e-mail address");
        if (string.IsNullOrWhiteSpace(contact.PhoneNumber) || !Phone().IsMatch(contact.PhoneNumber.Trim()))
            return ("primaryContact.phoneNumber", "a phone number");
        return null;
    }

    /// <summary>SR-1 with the refund's fields given: each is checked against the partner's data, the amount against what was charged.</summary>
    private async Task<Result<RefundDetails>> RefundAsync(Caller caller, RefundInput input, CancellationToken ct)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(input.CustomerTenantIdOrDomain))
            missing.Add("customerTenantIdOrDomain");
        if (string.IsNullOrWhiteSpace(input.OrderOrSubscriptionId))
            missing.Add("orderOrSubscriptionId");
        if (string.IsNullOrWhiteSpace(input.Reason))
            missing.Add("reason");
        if (input.Amount is not > 0)
            missing.Add("amount");
        if (missing.Count > 0)
            return Refusal.Of(ErrorCodes.RefundDetailsMissing, string.Join(", ", missing));
        if (input.Amount!.Value != decimal.Round(input.Amount.Value, 2))
            return Refusal.Of(ErrorCodes.RefundDetailsInvalid, "the amount has at most two decimal places");

        var customer = await FindCustomerAsync(caller, [input.CustomerTenantIdOrDomain!.Trim()], ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.RefundDetailsInvalid, $"no customer of yours has the tenant ID or domain '{input.CustomerTenantIdOrDomain.Trim()}'");
        if (!Guid.TryParse(input.OrderOrSubscriptionId, out var reference) || await ChargedAsync(customer.Id, reference, ct) is not { } charged)
            return Refusal.Of(ErrorCodes.RefundDetailsInvalid, $"'{input.OrderOrSubscriptionId!.Trim()}' is not an order or subscription of {customer.CompanyName}");
        if (input.Amount > charged.Amount)
            return Refusal.Of(ErrorCodes.RefundDetailsInvalid, string.Create(CultureInfo.InvariantCulture, $"the amount {input.Amount:0.00} is more than the {charged.Amount:0.00} {charged.Currency} charged"));
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? charged.Currency : input.Currency.Trim().ToUpperInvariant();
        if (currency != charged.Currency)
            return Refusal.Of(ErrorCodes.RefundDetailsInvalid, $"the charges were in {charged.Currency}, not {currency}");
        return new RefundDetails
        {
            CustomerId = customer.Id,
            CustomerTenantIdOrDomain = input.CustomerTenantIdOrDomain.Trim(),
            OrderOrSubscriptionId = reference.ToString(),
            Reason = input.Reason!.Trim(),
            Amount = input.Amount!.Value,
            Currency = currency,
        };
    }

    /// <summary>
    /// SR-1 as the portal's form sends it, in the description: it must name one of the partner's customers (tenant ID or
    /// domain) and one of that customer's orders or subscriptions. Reason and amount are the description's free text.
    /// </summary>
    private async Task<Result<Guid>> RefundFromTextAsync(Caller caller, string description, CancellationToken ct)
    {
        var guids = Guids().Matches(description).Select(m => m.Value).ToList();
        var domains = Domains().Matches(description).Select(m => m.Value.ToLowerInvariant()).ToList();
        var customer = await FindCustomerAsync(caller, [.. guids, .. domains], ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.RefundDetailsMissing, "the customer's tenant ID or domain");
        foreach (var text in guids)
        {
            if (Guid.Parse(text) is var id && id != customer.Id && await ChargedAsync(customer.Id, id, ct) is not null)
                return customer.Id;
        }

        return Refusal.Of(ErrorCodes.RefundDetailsMissing, "the order or subscription ID");
    }

    private async Task<Customer?> FindCustomerAsync(Caller caller, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        var ids = candidates.Select(c => Guid.TryParse(c, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var domains = candidates.Where(c => !Guid.TryParse(c, out _)).Select(c => c.ToLowerInvariant()).ToList();
        return await db.Customers.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(c => ids.Contains(c.Id) || domains.Contains(c.Domain), ct);
    }

    /// <summary>What the customer was charged under an order or a subscription id; null when it is neither.</summary>
    private async Task<(decimal Amount, string Currency)?> ChargedAsync(Guid customerId, Guid reference, CancellationToken ct)
    {
        var known = await db.Orders.AnyAsync(o => o.Id == reference && o.CustomerId == customerId, ct)
                    || await db.Subscriptions.AnyAsync(s => s.Id == reference && s.CustomerId == customerId, ct);
        if (!known)
            return null;
        var lines = await db.Ledger.AsNoTracking()
            .Where(l => l.CustomerId == customerId && (l.OrderId == reference || l.SubscriptionId == reference))
            .Select(l => new { l.TotalAmount, l.Currency }).ToListAsync(ct);
        return (lines.Sum(l => l.TotalAmount), lines.FirstOrDefault()?.Currency ?? "USD");
    }

    private static string NewId() =>
        string.Create(CultureInfo.InvariantCulture, $"{RandomNumberGenerator.GetInt32(100_000, 1_000_000)}{RandomNumberGenerator.GetInt32(0, 1_000_000_000):D9}");

    /// <summary>The file's own name only, without paths or control characters, at most 120 characters.</summary>
    private static string SafeFileName(string name)
    {
        var bare = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. bare.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim().Trim('.');
        if (clean.Length <= 120)
            return clean;
        // A long name keeps its extension; an "extension" as long as a name is cut with it (and is no type allowed anyway).
        var extension = Path.GetExtension(clean);
        return extension.Length <= 20 ? clean[..(120 - extension.Length)] + extension : clean[..120];
    }

    private static bool ContentMatches(string extension, byte[] content)
    {
        if (!Signatures.TryGetValue(extension, out var signatures))
            return false;
        if (signatures.Length > 0)
            return signatures.Any(s => content.AsSpan().StartsWith(s));
        if (content.Contains((byte)0))
            return false;
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\+?[0-9 ()./-]{5,30}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guids();

    [GeneratedRegex(@"\b(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}\b")]
    private static partial Regex Domains();
}
