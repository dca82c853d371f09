-- The writes of a batch of renewals with no application (bench/lifecycle.sh runs it after the measured sweep, on as
-- many connections as the sweep, until nothing is due): claim 500 due subscriptions the way DueWork does, move each to
-- its next term, and insert each one's charge and activity record, of the same widths as the sweep's. It is the least
-- PostgreSQL itself must do for any design that keeps these three rows and the product's indexes; ids come from a
-- sequence, ordered like the sweep's version-7 GUIDs.
WITH claimed AS (
    SELECT * FROM "Subscriptions" WHERE "NextDueAt" <= now() ORDER BY "NextDueAt" LIMIT 500 FOR UPDATE SKIP LOCKED
), renewed AS (
    UPDATE "Subscriptions" AS s
    SET "TermStart" = c."TermEnd", "TermEnd" = c."TermEnd" + interval '1 month',
        "BilledThrough" = c."TermEnd" + interval '1 month', "NextDueAt" = c."TermEnd" + interval '1 month',
        "TermPurchasedAt" = c."TermEnd", "CancellationAllowedUntil" = c."TermEnd" + interval '1 month',
        "SeatBatches" = jsonb_build_array(jsonb_build_object('AddedAt', c."TermEnd", 'Quantity', c."Quantity", 'RefundableUntil', c."TermEnd" + interval '7 days')),
        "Version" = c."Version" + 1
    FROM claimed AS c
    WHERE s."Id" = c."Id"
    RETURNING s."Id", s."PartnerId", s."CustomerId", s."OrderId", s."Quantity", s."TermStart", s."TermEnd"
), charged AS (
    INSERT INTO "Ledger" ("Id", "PartnerId", "CustomerId", "SubscriptionId", "OrderId", "Kind", "Description", "Quantity",
        "UnitPrice", "NetAmount", "TaxAmount", "TotalAmount", "Currency", "PeriodStart", "PeriodEnd", "PostedAt", "PolicySet", "InvoiceId")
    SELECT bench_floor_id(), "PartnerId", "CustomerId", "Id", "OrderId", 'Charge', 'Microsoft 365 Business Basic × 3: P1M monthly',
        "Quantity", 7.20, 21.60, 0.00, 21.60, 'USD', "TermStart", "TermEnd", "TermStart", 'seed', NULL
    FROM renewed
)
INSERT INTO "AuditRecords" ("Id", "PartnerId", "CustomerId", "CustomerName", "UserPrincipalName", "ResourceType", "ResourceId",
    "OperationType", "OperationStatus", "OperationDate", "ResourceOldValue", "ResourceNewValue", "CustomizedData")
SELECT bench_floor_id(), "PartnerId", "CustomerId", 'Contoso Ltd', 'opencsp-lifecycle', 'subscription', "Id"::text,
    'update_subscription', 'succeeded', "TermStart",
    format('{"Id":"%s","OfferId":"CFQ7TTC0LH18:0001:DZH3N4PGJFN6","FriendlyName":"Microsoft 365 Business Basic","Quantity":%s,"Status":"active","AutoRenewEnabled":true,"TermEnd":"%s","ScheduledNextTerm":null,"DataDeletionAt":null,"CancelAtTermEnd":false}', "Id", "Quantity", "TermStart"),
    format('{"Id":"%s","OfferId":"CFQ7TTC0LH18:0001:DZH3N4PGJFN6","FriendlyName":"Microsoft 365 Business Basic","Quantity":%s,"Status":"active","AutoRenewEnabled":true,"TermEnd":"%s","ScheduledNextTerm":null,"DataDeletionAt":null,"CancelAtTermEnd":false}', "Id", "Quantity", "TermEnd"),
    '[{"Key": "Event", "Value": "term-end"}]'
FROM renewed;
