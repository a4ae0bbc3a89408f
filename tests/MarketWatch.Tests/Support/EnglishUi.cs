namespace MarketWatch.Tests.Support;

/// <summary>
/// The workspace opens in Bahasa Indonesia (issue 17). Tests that read page text in English (the ones written before
/// the translation) start their host with this setting; the localisation tests leave the default.
/// </summary>
public static class EnglishUi
{
    public static readonly KeyValuePair<string, string?> Setting = new("Review:DefaultCulture", "en");
}
