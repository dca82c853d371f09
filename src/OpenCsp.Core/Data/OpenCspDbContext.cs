using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Software;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Core.Support;

namespace OpenCsp.Core.Data;

public sealed class OpenCspDbContext(DbContextOptions<OpenCspDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerUser> PartnerUsers => Set<PartnerUser>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Sku> Skus => Set<Sku>();
    public DbSet<Availability> Availabilities => Set<Availability>();
    public DbSet<BlockedMarket> BlockedMarkets => Set<BlockedMarket>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<TransitionRecord> Transitions => Set<TransitionRecord>();
    public DbSet<SoftwareMedia> SoftwareMedia => Set<SoftwareMedia>();
    public DbSet<SoftwareFile> SoftwareFiles => Set<SoftwareFile>();
    public DbSet<SoftwareKey> SoftwareKeys => Set<SoftwareKey>();
    public DbSet<DownloadLink> DownloadLinks => Set<DownloadLink>();

    public DbSet<ServiceRequest> ServiceRequests => Set<ServiceRequest>();
    public DbSet<ServiceRequestFile> ServiceRequestFiles => Set<ServiceRequestFile>();

    /// <summary>The Data Protection key ring, shared by every server and the CLI (software keys and link tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<ClockState> ClockStates => Set<ClockState>();
    public DbSet<CatalogState> CatalogStates => Set<CatalogState>();
    public DbSet<InstanceInfo> Instance => Set<InstanceInfo>();

    /// <summary>
    /// Every saved subscription gets its next version (the etag) and the time of its next lifecycle event, so the
    /// due-work worker's index is right whichever use case changed it; a save that changes the catalog moves the
    /// catalog's version, so that no server keeps serving the rows it replaced.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected once here; with detection left on, Entries() and the base SaveChanges would each scan
        // every tracked entity again (a due-work batch tracks thousands).
        ChangeTracker.DetectChanges();
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in ChangeTracker.Entries<Subscription>())
            {
                var changed = entry.State == EntityState.Modified || (entry.State == EntityState.Unchanged && entry.Navigations.Any(n => n.IsModified));
                if (entry.State != EntityState.Added && !changed)
                    continue;
                if (changed)
                    entry.Property(x => x.Version).CurrentValue = entry.Property(x => x.Version).OriginalValue + 1;
                entry.Property(x => x.NextDueAt).CurrentValue = SubscriptionLifecycle.NextEvent(entry.Entity)?.At;
            }

            if (!ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsCatalog(e.Metadata)))
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

            // The catalog's version moves in the transaction that changes the catalog, so a cache that read the new version
            // never holds the old rows (CatalogCache); the changes count as saved only once the version has moved with them.
            await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await Database.ExecuteSqlRawAsync("UPDATE \"CatalogStates\" SET \"Version\" = \"Version\" + 1", cancellationToken);
            if (own is not null)
                await own.CommitAsync(cancellationToken);
            if (acceptAllChangesOnSuccess)
                ChangeTracker.AcceptAllChanges();
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The same hooks for a synchronous save (start-up code that cannot await).</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>A catalog row, or a part of one kept in its JSON (an availability's terms, a SKU's ISV facts).</summary>
    private static bool IsCatalog(Microsoft.EntityFrameworkCore.Metadata.IEntityType type)
    {
        while (type.FindOwnership() is { } ownership)
            type = ownership.PrincipalEntityType;
        return type.ClrType == typeof(Product) || type.ClrType == typeof(Sku) || type.ClrType == typeof(Availability) || type.ClrType == typeof(BlockedMarket);
    }

    /// <summary>
    /// Holds the subscriptions' rows until the open transaction ends, so that a concurrent use case on them waits and then
    /// sees this one's result. PostgreSQL only: SQLite has a single writer already.
    /// </summary>
    public async Task LockSubscriptionsAsync(CancellationToken ct, params Guid[] ids)
    {
        if (Database.IsNpgsql())
            // In id order, so that two use cases locking the same rows cannot each hold one and wait for the other.
            await Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"Subscriptions\" WHERE \"Id\" = ANY({ids}) ORDER BY \"Id\" FOR UPDATE", ct);
    }

    /// <summary>
    /// Saves, or answers false when another writer changed one of the rows since it was read (its version moved on):
    /// then nothing was written and every pending change is forgotten, so that the caller answers with a refusal and a
    /// later save (the request's idempotency record) writes nothing of the lost change.
    /// </summary>
    public async Task<bool> TrySaveChangesAsync(CancellationToken ct)
    {
        // Inside an open transaction (the use case's, or the request's for MS-RequestId) the rows the save wrote before it
        // met the changed one would stay in that transaction and commit with the refusal: a savepoint takes them back.
        var transaction = Database.CurrentTransaction;
        if (transaction is not null)
            await transaction.CreateSavepointAsync(nameof(TrySaveChangesAsync), ct);
        try
        {
            await SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            if (transaction is not null)
                await transaction.RollbackToSavepointAsync(nameof(TrySaveChangesAsync), ct);
            DiscardPendingChanges();
            return false;
        }
    }

    /// <summary>
    /// Forgets every pending change except the request's idempotency record, which the API still saves: a refused, previewed
    /// or lost-race change must not reach that later SaveChanges.
    /// </summary>
    public void DiscardPendingChanges()
    {
        // Detaching keeps the objects as they are (a preview answers with them); the database keeps its rows.
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is not IdempotencyRecord).ToList())
            entry.State = EntityState.Detached;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset text; store UTC ticks so both databases sort times natively.
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var b = modelBuilder;
        b.UseOpenIddict();

        b.Entity<Partner>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.MpnId).HasMaxLength(20);
            e.HasIndex(p => p.ProviderId);
        });

        b.Entity<PartnerUser>(e =>
        {
            e.Property(u => u.Email).HasMaxLength(320);
            e.HasIndex(u => u.Email).IsUnique();
            e.HasIndex(u => u.PartnerId);
            e.Property(u => u.Roles).HasConversion<int>();
        });

        b.Entity<ApiClient>(e =>
        {
            e.HasKey(c => c.ClientId);
            e.Property(c => c.ClientId).HasMaxLength(100);
            e.HasIndex(c => c.PartnerId);
            e.Property(c => c.Roles).HasConversion<int>();
        });

        b.Entity<Customer>(e =>
        {
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.CompanyName).HasMaxLength(200);
            e.Property(c => c.SearchName).HasMaxLength(200);
            e.Property(c => c.Domain).HasMaxLength(255);
            e.HasIndex(c => c.Domain).IsUnique();
            e.HasIndex(c => new { c.PartnerId, c.SearchName, c.Domain });
            e.HasIndex(c => new { c.ResellerId, c.SearchName, c.Domain });
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.Country);
            e.OwnsOne(c => c.BillingProfile, bp => bp.OwnsOne(p => p.Address));
        });

        b.Entity<Product>(e =>
        {
            e.Property(p => p.Id).HasMaxLength(40);
            e.HasIndex(p => p.TargetView);
        });

        b.Entity<Sku>(e =>
        {
            e.HasKey(s => new { s.ProductId, s.Id });
            e.Property(s => s.ProductId).HasMaxLength(40);
            e.Property(s => s.Id).HasMaxLength(40);
            e.Ignore(s => s.CatalogItemPrefix);
            e.OwnsOne(s => s.Isv, isv => isv.ToJson());
            e.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId);
        });

        b.Entity<Availability>(e =>
        {
            e.Property(a => a.Id).HasMaxLength(40);
            e.HasIndex(a => new { a.ProductId, a.SkuId, a.Country }).IsUnique();
            e.HasIndex(a => a.Country);
            e.Ignore(a => a.CatalogItemId);
            e.OwnsMany(a => a.Terms, t => t.ToJson());
            e.HasOne<Sku>().WithMany().HasForeignKey(a => new { a.ProductId, a.SkuId });
        });

        b.Entity<BlockedMarket>().HasKey(m => new { m.TargetView, m.Country });

        b.Entity<Cart>(e =>
        {
            e.HasIndex(c => new { c.PartnerId, c.CustomerId });
            e.Property(c => c.Version).IsConcurrencyToken();
            e.OwnsMany(c => c.Lines, l =>
            {
                l.ToJson();
                l.OwnsOne(x => x.Error);
            });
        });

        b.Entity<Order>(e =>
        {
            e.HasIndex(o => new { o.PartnerId, o.CustomerId, o.CreatedAt });
            e.OwnsMany(o => o.Lines, l => l.ToJson());
        });

        b.Entity<Subscription>(e =>
        {
            // Subscriptions are read by customer (an order's within its customer's too), never by partner alone, and by
            // customer and product for the one-per-customer and add-on base checks (CAT-3, ADD-1): one index serves all,
            // so every subscription written (renewals included) updates as few indexes as it can.
            e.HasIndex(s => new { s.CustomerId, s.ProductId });
            // Only add-ons have a parent: every other subscription written skips this index.
            e.HasIndex(s => s.ParentSubscriptionId).HasFilter("\"ParentSubscriptionId\" IS NOT NULL");
            e.Property(s => s.Version).IsConcurrencyToken();
            e.Ignore(s => s.CatalogItemId);
            e.OwnsMany(s => s.SeatBatches, sb => sb.ToJson());
            e.OwnsOne(s => s.ScheduledChange, sc => sc.ToJson());
            e.HasIndex(s => s.NextDueAt);
        });

        b.Entity<TransitionRecord>(e =>
        {
            e.HasIndex(t => t.FromSubscriptionId);
            e.HasIndex(t => t.ToSubscriptionId);
        });

        b.Entity<AuditRecord>(e =>
        {
            e.HasIndex(a => new { a.PartnerId, a.OperationDate });
            e.HasIndex(a => new { a.CustomerId, a.OperationDate });
            e.Property(a => a.ResourceType).HasMaxLength(60);
            e.Property(a => a.ResourceId).HasMaxLength(100);
            e.Property(a => a.OperationType).HasMaxLength(60);
            e.Property(a => a.UserPrincipalName).HasMaxLength(320);
            e.OwnsMany(a => a.CustomizedData, d => d.ToJson());
        });

        b.Entity<LedgerEntry>(e =>
        {
            e.HasIndex(l => new { l.PartnerId, l.CustomerId, l.PostedAt });
            e.HasIndex(l => l.SubscriptionId);
            e.Property(l => l.InvoiceId).HasMaxLength(20);
            e.HasIndex(l => new { l.InvoiceId, l.PostedAt });
        });

        b.Entity<Invoice>(e =>
        {
            e.Property(i => i.Id).HasMaxLength(20);
            e.Property(i => i.Currency).HasMaxLength(3);
            e.HasIndex(i => new { i.PartnerId, i.PeriodStart, i.Currency }).IsUnique();
            e.Ignore(i => i.InvoiceDate);
        });

        b.Entity<SoftwareMedia>(e =>
        {
            e.HasKey(m => m.ProductId);
            e.Property(m => m.ProductId).HasMaxLength(40);
        });

        b.Entity<SoftwareFile>(e =>
        {
            e.Property(f => f.ProductId).HasMaxLength(40);
            e.Property(f => f.Version).HasMaxLength(100);
            e.Property(f => f.Language).HasMaxLength(20);
            e.Property(f => f.FileType).HasMaxLength(100);
            e.HasIndex(f => new { f.ProductId, f.Version, f.Language, f.FileType }).IsUnique();
        });

        b.Entity<SoftwareKey>().HasKey(k => k.SubscriptionId);

        b.Entity<DownloadLink>(e =>
        {
            e.HasIndex(l => new { l.SubscriptionId, l.FileId }).IsUnique();
            e.HasIndex(l => new { l.PartnerId, l.CustomerId });
            e.Ignore(l => l.DownloadsLeft);
        });

        b.Entity<ServiceRequest>(e =>
        {
            e.Property(r => r.Id).HasMaxLength(20);
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.SupportTopicId).HasMaxLength(20);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasIndex(r => new { r.PartnerId, r.CreatedDate });
            e.HasIndex(r => new { r.PartnerId, r.CustomerId });
            e.OwnsOne(r => r.PrimaryContact, c => c.ToJson());
            e.OwnsOne(r => r.Refund, c => c.ToJson());
            e.OwnsMany(r => r.Notes, n => n.ToJson());
        });

        b.Entity<ServiceRequestFile>(e =>
        {
            e.Property(f => f.ServiceRequestId).HasMaxLength(20);
            e.Property(f => f.FileName).HasMaxLength(120);
            e.HasIndex(f => f.ServiceRequestId);
        });

        b.Entity<IdempotencyRecord>(e =>
        {
            e.HasIndex(r => new { r.CallerId, r.RequestId, r.Method, r.Path }).IsUnique();
            e.HasIndex(r => r.ExpiresAt);
            e.Property(r => r.Path).HasMaxLength(IdempotencyRecord.MaxPathLength);
        });

        b.Entity<ClockState>(e =>
        {
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.LastRequestId).HasMaxLength(64);
        });
        b.Entity<CatalogState>(e =>
        {
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasData(new CatalogState { Id = 1 });
        });
        b.Entity<InstanceInfo>(e =>
        {
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.Name).HasMaxLength(40);
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
