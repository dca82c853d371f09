using System.Reflection;

namespace OpenCsp.Core.Common;

/// <summary>
/// The one table of error codes. Partner Center's documented code is used where one fits (API.md B §3.3);
/// codes from 950000 up are OpenCsp's own. The OpenAPI document lists this table.
/// </summary>
public static class ErrorCodes
{
    // Generic request errors.
    public static readonly ErrorCode InvalidRequestInput = new(800002, 400, nameof(InvalidRequestInput));
    public static readonly ErrorCode InvalidProperty = new(3000, 400, nameof(InvalidProperty));
    public static readonly ErrorCode UnparsableEnum = new(900126, 400, nameof(UnparsableEnum));
    public static readonly ErrorCode BodyTooLarge = new(950001, 413, nameof(BodyTooLarge));
    public static readonly ErrorCode InvalidContinuationToken = new(950002, 400, nameof(InvalidContinuationToken));
    public static readonly ErrorCode InvalidFilter = new(950003, 400, nameof(InvalidFilter));
    public static readonly ErrorCode UnsupportedMediaType = new(950004, 415, nameof(UnsupportedMediaType));
    public static readonly ErrorCode NotFound = new(1000, 404, nameof(NotFound));
    public static readonly ErrorCode MethodNotAllowed = new(950005, 405, nameof(MethodNotAllowed));
    public static readonly ErrorCode NotImplemented = new(0, 501, nameof(NotImplemented));
    public static readonly ErrorCode Unexpected = new(900192, 500, nameof(Unexpected));

    // Authentication and authorisation (ROLE-1).
    public static readonly ErrorCode TokenMissing = new(800001, 401, nameof(TokenMissing));
    public static readonly ErrorCode InsufficientPrivileges = new(900308, 403, nameof(InsufficientPrivileges), "ROLE-1");

    // Idempotency and concurrency.
    public static readonly ErrorCode StaleEtag = new(2055, 400, nameof(StaleEtag));
    public static readonly ErrorCode RequestIdReused = new(950010, 409, nameof(RequestIdReused));

    // Customers (CUS-*).
    public static readonly ErrorCode InvalidCustomerId = new(900118, 400, nameof(InvalidCustomerId));
    public static readonly ErrorCode CustomerNotFound = new(60003, 404, nameof(CustomerNotFound));
    public static readonly ErrorCode DomainTaken = new(950020, 409, nameof(DomainTaken), "CUS-1");
    public static readonly ErrorCode ResellerNotFound = new(950021, 400, nameof(ResellerNotFound));

    // Partners, users and API clients.
    public static readonly ErrorCode PartnerNotFound = new(950030, 404, nameof(PartnerNotFound));
    public static readonly ErrorCode EmailTaken = new(950031, 409, nameof(EmailTaken));
    public static readonly ErrorCode ClientIdTaken = new(950032, 409, nameof(ClientIdTaken));
    public static readonly ErrorCode NoRoles = new(950033, 400, nameof(NoRoles), "ROLE-1");

    // Catalog (CAT-*).
    public static readonly ErrorCode ProductNotFound = new(400013, 404, nameof(ProductNotFound));
    public static readonly ErrorCode SkuNotFound = new(400018, 404, nameof(SkuNotFound));
    public static readonly ErrorCode AvailabilityNotFound = new(400019, 404, nameof(AvailabilityNotFound));
    public static readonly ErrorCode OfferNotInMarket = new(800070, 400, nameof(OfferNotInMarket), "CAT-2");
    public static readonly ErrorCode SegmentNotAllowed = new(400030, 403, nameof(SegmentNotAllowed), "CAT-2");
    public static readonly ErrorCode ReservationBlockedMarket = new(950050, 403, nameof(ReservationBlockedMarket), "CAT-6");
    public static readonly ErrorCode IsvCountryNotSupported = new(950051, 403, nameof(IsvCountryNotSupported), "CAT-4");
    public static readonly ErrorCode IsvNotThroughCsp = new(950052, 403, nameof(IsvNotThroughCsp), "CAT-4");
    public static readonly ErrorCode IsvExclusive = new(950053, 403, nameof(IsvExclusive), "CAT-4");
    public static readonly ErrorCode NotTransactable = new(950054, 403, nameof(NotTransactable), "CAT-4");
    public static readonly ErrorCode OfferIsCatalogItem = new(2100, 400, nameof(OfferIsCatalogItem));
    public static readonly ErrorCode OfferNotFound = new(950056, 404, nameof(OfferNotFound));
    public static readonly ErrorCode AddOnFromBaseOnly = new(950055, 400, nameof(AddOnFromBaseOnly), "CAT-8");

    // Carts, orders and subscriptions (ORD-*, ADD-*, CAT-3).
    public static readonly ErrorCode InvalidOfferId = new(800004, 400, nameof(InvalidOfferId));
    public static readonly ErrorCode TermNotOffered = new(950060, 400, nameof(TermNotOffered), "CAT-2");
    public static readonly ErrorCode QuantityOutOfRange = new(900275, 400, nameof(QuantityOutOfRange));
    public static readonly ErrorCode OnePerCustomer = new(950061, 400, nameof(OnePerCustomer), "CAT-3");
    public static readonly ErrorCode OnePerCustomerReactivate = new(950062, 400, nameof(OnePerCustomerReactivate), "CAT-3");
    public static readonly ErrorCode AddOnWithoutBase = new(400041, 400, nameof(AddOnWithoutBase), "ADD-1");
    public static readonly ErrorCode AddOnParentMismatch = new(800029, 400, nameof(AddOnParentMismatch), "ADD-2");
    public static readonly ErrorCode AddOnBillingCycleMismatch = new(950067, 400, nameof(AddOnBillingCycleMismatch), "ADD-6");
    public static readonly ErrorCode ResellerCannotBuyAddOns = new(950063, 403, nameof(ResellerCannotBuyAddOns), "ADD-4");
    public static readonly ErrorCode CartLinesInvalid = new(800009, 400, nameof(CartLinesInvalid), "ORD-1");
    public static readonly ErrorCode CartNotFound = new(800008, 404, nameof(CartNotFound));
    public static readonly ErrorCode CartExpired = new(950064, 400, nameof(CartExpired));
    public static readonly ErrorCode CartOrdered = new(800065, 400, nameof(CartOrdered));
    public static readonly ErrorCode CartEmpty = new(950065, 400, nameof(CartEmpty));
    public static readonly ErrorCode CartBusy = new(800064, 409, nameof(CartBusy), Transient: true);
    public static readonly ErrorCode OrderNotFound = new(20000, 404, nameof(OrderNotFound));
    public static readonly ErrorCode LineItemNumberOutOfRange = new(800071, 400, nameof(LineItemNumberOutOfRange));
    public static readonly ErrorCode SubscriptionNotFound = new(20003, 404, nameof(SubscriptionNotFound));

    // Subscription changes (SUB-*, NCE-*, ISV-*, ADD-5).
    public static readonly ErrorCode SubscriptionNotOurs = new(950070, 403, nameof(SubscriptionNotOurs), "CUS-3");
    public static readonly ErrorCode SubscriptionDeleted = new(2011, 400, nameof(SubscriptionDeleted), "SUB-5");
    public static readonly ErrorCode SubscriptionEnded = new(900279, 400, nameof(SubscriptionEnded), "NCE-13");
    public static readonly ErrorCode SubscriptionNotReady = new(800082, 409, nameof(SubscriptionNotReady), Transient: true);
    public static readonly ErrorCode StatusNotUpdatable = new(800096, 400, nameof(StatusNotUpdatable));
    public static readonly ErrorCode ParentNotActive = new(27009, 409, nameof(ParentNotActive), "ADD-5");
    public static readonly ErrorCode SoftwareCancelledByOrder = new(800063, 400, nameof(SoftwareCancelledByOrder), "SW-10");
    public static readonly ErrorCode CancellationWindowPassedDays = new(900117, 400, nameof(CancellationWindowPassedDays), "NCE-1");
    public static readonly ErrorCode CancellationWindowPassedHours = new(900213, 400, nameof(CancellationWindowPassedHours), "NCE-1");
    public static readonly ErrorCode QuantityWhileSuspended = new(2001, 400, nameof(QuantityWhileSuspended), "SUB-1");
    public static readonly ErrorCode QuantityNotChangeable = new(800095, 400, nameof(QuantityNotChangeable));
    public static readonly ErrorCode QuantityNotInRange = new(2002, 400, nameof(QuantityNotInRange), "SUB-1");
    public static readonly ErrorCode SeatReductionWindowPassed = new(800090, 400, nameof(SeatReductionWindowPassed), "NCE-12");
    public static readonly ErrorCode SeatReductionWindowPassedHours = new(900214, 400, nameof(SeatReductionWindowPassedHours), "NCE-12");
    public static readonly ErrorCode SuspendedNoUpdate = new(800091, 400, nameof(SuspendedNoUpdate), "NCE-3");
    public static readonly ErrorCode AutoRenewNotEligible = new(800093, 400, nameof(AutoRenewNotEligible), "NCE-4");
    public static readonly ErrorCode LegacyNotSupported = new(900263, 403, nameof(LegacyNotSupported));
    public static readonly ErrorCode ScheduleNeedsActiveAutoRenew = new(950071, 400, nameof(ScheduleNeedsActiveAutoRenew), "NCE-6");
    public static readonly ErrorCode ScheduleTargetNotEligible = new(950072, 400, nameof(ScheduleTargetNotEligible), "NCE-6");
    public static readonly ErrorCode InvalidTermDuration = new(800121, 400, nameof(InvalidTermDuration), "NCE-5");
    public static readonly ErrorCode BillingCycleLongerThanTerm = new(900270, 400, nameof(BillingCycleLongerThanTerm), "NCE-5");
    public static readonly ErrorCode TrialTermChange = new(800107, 400, nameof(TrialTermChange), "NCE-8");
    public static readonly ErrorCode BillingCycleByPatch = new(2054, 400, nameof(BillingCycleByPatch), "NCE-5");

    // Transitions (NCE-11).
    public static readonly ErrorCode TransitionSourceNotActive = new(950073, 400, nameof(TransitionSourceNotActive), "NCE-11");
    public static readonly ErrorCode TransitionNotEligible = new(950074, 400, nameof(TransitionNotEligible), "NCE-11");
    public static readonly ErrorCode TransitionTargetNotActive = new(900258, 400, nameof(TransitionTargetNotActive), "NCE-11");
    public static readonly ErrorCode TransitionTargetIsSource = new(900259, 400, nameof(TransitionTargetIsSource), "NCE-11");
    public static readonly ErrorCode TransitionTargetEndsEarlier = new(900236, 400, nameof(TransitionTargetEndsEarlier), "NCE-11");
    public static readonly ErrorCode TransitionTargetOtherItem = new(900260, 400, nameof(TransitionTargetOtherItem), "NCE-11");
    public static readonly ErrorCode TransitionTermShorter = new(900267, 400, nameof(TransitionTermShorter), "NCE-11");
    public static readonly ErrorCode TransitionTermInvalid = new(900268, 400, nameof(TransitionTermInvalid), "NCE-11");
    public static readonly ErrorCode TransitionAddOnsPresent = new(950076, 400, nameof(TransitionAddOnsPresent), "ADD-5");
    public static readonly ErrorCode LegacyUpgradeOnly = new(950075, 400, nameof(LegacyUpgradeOnly), "NCE-11");
    public static readonly ErrorCode TransitionBillingCycleInvalid = new(900269, 400, nameof(TransitionBillingCycleInvalid), "NCE-11");

    // Software purchases (SW-*).
    public static readonly ErrorCode OnlySoftwareCancellable = new(800019, 403, nameof(OnlySoftwareCancellable), "SW-8");
    public static readonly ErrorCode SoftwareAlreadyCancelled = new(950090, 409, nameof(SoftwareAlreadyCancelled), "SW-12");
    public static readonly ErrorCode SoftwareCancelledBySupportRequest = new(950091, 400, nameof(SoftwareCancelledBySupportRequest), "SW-9");
    public static readonly ErrorCode SoftwareNotCancellable = new(950092, 400, nameof(SoftwareNotCancellable), "SW-9");
    public static readonly ErrorCode SoftwarePurchaseNotFound = new(950093, 404, nameof(SoftwarePurchaseNotFound));
    public static readonly ErrorCode SoftwareNoKeys = new(950094, 400, nameof(SoftwareNoKeys), "SW-5");
    public static readonly ErrorCode SoftwareFileNotFound = new(950095, 400, nameof(SoftwareFileNotFound), "SW-5");
    public static readonly ErrorCode SoftwarePurchaseCancelled = new(950096, 409, nameof(SoftwarePurchaseCancelled), "SW-13");
    public static readonly ErrorCode DownloadLinkInvalid = new(950097, 404, nameof(DownloadLinkInvalid), "SW-6");
    public static readonly ErrorCode DownloadLinkExpired = new(950098, 410, nameof(DownloadLinkExpired), "SW-6");
    public static readonly ErrorCode DownloadLinkExhausted = new(950099, 410, nameof(DownloadLinkExhausted), "SW-6");
    public static readonly ErrorCode DownloadLinkRevoked = new(950100, 410, nameof(DownloadLinkRevoked), "SW-13");

    // Support requests (SR-1).
    public static readonly ErrorCode SupportTopicNotFound = new(950110, 400, nameof(SupportTopicNotFound), "SR-1");
    public static readonly ErrorCode RefundDetailsMissing = new(950111, 400, nameof(RefundDetailsMissing), "SR-1");
    public static readonly ErrorCode RefundDetailsInvalid = new(950112, 400, nameof(RefundDetailsInvalid), "SR-1");
    public static readonly ErrorCode ServiceRequestNotFound = new(950113, 404, nameof(ServiceRequestNotFound));
    public static readonly ErrorCode ServiceRequestClosed = new(950114, 409, nameof(ServiceRequestClosed));
    public static readonly ErrorCode AttachmentTooLarge = new(950115, 413, nameof(AttachmentTooLarge), "SR-1");
    public static readonly ErrorCode AttachmentTypeNotAllowed = new(950116, 415, nameof(AttachmentTypeNotAllowed), "SR-1");
    public static readonly ErrorCode AttachmentLimit = new(950117, 400, nameof(AttachmentLimit), "SR-1");
    public static readonly ErrorCode ServiceRequestChanged = new(950118, 409, nameof(ServiceRequestChanged), Transient: true);

    // Billing (BILL-*).
    public static readonly ErrorCode BillingPeriodNotEnded = new(950120, 400, nameof(BillingPeriodNotEnded), "BILL-1");
    public static readonly ErrorCode LedgerLineWithoutSubscription = new(950121, 409, nameof(LedgerLineWithoutSubscription), "BILL-1");
    public static readonly ErrorCode InvalidBillingPeriod = new(950122, 400, nameof(InvalidBillingPeriod));
    public static readonly ErrorCode InvoiceNotFound = new(950123, 404, nameof(InvoiceNotFound));

    // Activity log.
    public static readonly ErrorCode AuditWindowTooOld = new(950080, 400, nameof(AuditWindowTooOld));

    // Test clock.
    public static readonly ErrorCode ClockCannotGoBack = new(950040, 400, nameof(ClockCannotGoBack));
    public static readonly ErrorCode InvalidDuration = new(950041, 400, nameof(InvalidDuration));

    /// <summary>Every code above, for the OpenAPI document and the table's own tests.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ErrorCode))
        .Select(f => (ErrorCode)f.GetValue(null)!)
        .ToArray();
}
