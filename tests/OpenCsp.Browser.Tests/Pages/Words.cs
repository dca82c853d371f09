namespace OpenCsp.Browser.Tests.Pages;

/// <summary>
/// The words a partner reads in a seed, per language (../shared/GLOSSARY.md; the seeds' own words are mandatory):
/// the tests find every control by these, never by an id.
/// </summary>
public sealed record Words(
    string Locale,
    string SignIn,
    string Email,
    string Password,
    string Customers,
    string NewSubscription,
    string Subscriptions,
    string BillingFrequency,
    string Monthly,
    string ApplyFilters,
    string OneMonth,
    string Quantity,
    string AddToCart,
    string ReviewOrder,
    string Submit,
    string PlaceOrder,
    string Buy,
    string Done,
    string ChangeQuantity,
    string Status,
    string Active,
    string Suspended,
    string ConfirmStatus,
    string DataDeletedOn,
    string AddOns,
    string Cancel,
    string YesCancel,
    string AutoRenew,
    string Save)
{
    public static readonly Words English = new(
        "en-US", "Sign in", "E-mail", "Password", "Customers", "New subscription", "Subscriptions", "Billing frequency",
        "Monthly", "Apply filters", "1 month", "Number of licenses", "Add to cart", "Review order", "Submit", "Buy", "Buy", "Done", "Change quantity",
        "Status", "Active", "Suspended", "Yes, change the status", "Data deleted on", "Add-ons", "Cancel subscription", "Yes, cancel", "Auto-renew", "Save");

    public static readonly Words German = new(
        "de-DE", "Anmelden", "E-Mail", "Kennwort", "Kunden", "Neues Abonnement", "Abonnements", "Abrechnungsintervall",
        "Monatlich", "Filter anwenden", "1 Monat", "Anzahl der Lizenzen", "In den Warenkorb", "Bestellung überprüfen", "Übermitteln", "Übermitteln", "Kaufen", "Fertig",
        "Anzahl ändern", "Status", "Aktiv", "Ausgesetzt", "Ja, Status ändern", "Daten gelöscht am", "Add-Ons", "Abonnement kündigen", "Ja, kündigen",
        "Automatisch verlängern", "Speichern");

    public static readonly Words Dutch = new(
        "nl-NL", "Aanmelden", "E-mail", "Wachtwoord", "Klanten", "Abonnement toevoegen", "Abonnementen", "Factureringsfrequentie",
        "Maandelijks", "Filters toepassen", "1 maand", "Aantal licenties", "Toevoegen aan winkelwagen", "Uw bestelling controleren", "Verzenden", "Kopen", "Kopen",
        "Gereed", "Aantal wijzigen", "Status", "Actief", "Onderbroken", "Ja, status wijzigen", "Gegevens verwijderd op", "Invoegtoepassingen", "Annuleren",
        "Ja, annuleren", "Automatisch verlengen", "Opslaan");

    public static readonly Words Chinese = new(
        "zh-TW", "登入", "電子郵件", "密碼", "客戶", "新訂閱", "訂閱", "計費頻率", "每月", "套用篩選", "1 個月", "授權數目", "新增至購物車", "檢閱訂單",
        "提交", "提交", "購買", "完成", "變更數量", "狀態", "作用中", "已暫停", "是，變更狀態", "資料刪除日期", "附加元件", "取消訂閱", "是，取消", "自動續約", "儲存");
}

/// <summary>Seed 002's words (software, the cancel dialog, the activity log), in German as the seed is written.</summary>
public sealed record SoftwareWords(
    string AddProducts,
    string Software,
    string Perpetual,
    string Version,
    string Language,
    string FileType,
    string GetKeys,
    string Download,
    string CopyLink,
    string LinkCopied,
    string CancelPurchase,
    string OrderId,
    string CheckOrder,
    string ActivityLog,
    string From,
    string To)
{
    public static readonly SoftwareWords German = new(
        "Produkte hinzufügen", "Software", "Unbefristet", "Version", "Sprache", "Dateityp/Betriebssystem", "Schlüssel und Downloads abrufen",
        "Herunterladen", "Link kopieren", "Link kopiert.", "Einkauf stornieren", "Bestellnummer", "Details anzeigen", "Aktivitätsprotokoll", "Von", "Bis");
}
