using PdfSharp.Fonts;

namespace MarketWatch.Exports;

/// <summary>
/// PDFsharp finds no system fonts on Linux by itself: every face it draws comes from the TrueType files named in
/// Exports:FontPath and Exports:BoldFontPath (DejaVu Sans from Debian's fonts-dejavu-core by default).
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "MarketWatch Sans";
    private static readonly Lock Gate = new();
    private static PdfFonts? _installed;
    private readonly Dictionary<string, byte[]> _faces;

    private PdfFonts(Dictionary<string, byte[]> faces) => _faces = faces;

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global); a missing file is named.</summary>
    public static void Install(ExportOptions options)
    {
        lock (Gate)
        {
            if (_installed is not null) return;
            var faces = new Dictionary<string, byte[]> { ["regular"] = Read(options.FontPath, "Exports:FontPath"), ["bold"] = Read(options.BoldFontPath, "Exports:BoldFontPath") };
            _installed = new PdfFonts(faces);
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    private static byte[] Read(string path, string key) => File.Exists(path)
        ? File.ReadAllBytes(path)
        : throw new Marketplaces.ConfigurationException($"{key}: font file '{path}' is missing; the PDF needs a TrueType font (as root: apt-get install -y fonts-dejavu-core, or point {key} at another .ttf)");

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "bold" : "regular", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);
}
