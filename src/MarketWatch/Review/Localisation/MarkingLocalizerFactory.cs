using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketWatch.Review.Localisation;

/// <summary>
/// The resource-file localiser, except that in a non-English culture a key with no translation comes back as
/// ⟦key⟧: the page tests render every page in Bahasa Indonesia and fail on the marker (Review:MarkUntranslated).
/// </summary>
internal sealed class MarkingLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggers) : IStringLocalizerFactory
{
    public const string Open = "⟦", Close = "⟧";
    private readonly ResourceManagerStringLocalizerFactory _inner = new(options, loggers);

    public IStringLocalizer Create(Type resourceSource) => new Marking(_inner.Create(resourceSource));
    public IStringLocalizer Create(string baseName, string location) => new Marking(_inner.Create(baseName, location));

    private sealed class Marking(IStringLocalizer inner) : IStringLocalizer
    {
        private static bool English => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        public LocalizedString this[string name] => Mark(inner[name]);
        public LocalizedString this[string name, params object[] arguments] => Mark(inner[name, arguments]);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
        private static LocalizedString Mark(LocalizedString s) =>
            s.ResourceNotFound && !English ? new LocalizedString(s.Name, Open + s.Value + Close, true, s.SearchedLocation) : s;
    }
}
