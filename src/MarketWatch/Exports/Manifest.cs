using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace MarketWatch.Exports;

/// <summary>FILE.manifest.json beside every export (DIRBS practice): anyone holding the file can check it is the one we sent.</summary>
public sealed record Manifest(string File, long Bytes, string Sha256, DateTime GeneratedAtUtc, string Export, string Format,
    IReadOnlyDictionary<string, string?> Filters, int Rows, string MarketWatchVersion, IReadOnlyList<string> ModelVersions)
{
    public static string PathOf(string exportPath) => exportPath + ".manifest.json";

    public static string AppVersion { get; } =
        typeof(Manifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<Manifest> WriteAsync(string exportPath, string export, string format, IReadOnlyDictionary<string, string?> filters, int rows,
        IEnumerable<string> modelVersions, DateTime generatedUtc, CancellationToken ct)
    {
        byte[] hash;
        await using (var file = System.IO.File.OpenRead(exportPath)) hash = await SHA256.HashDataAsync(file, ct);
        var manifest = new Manifest(Path.GetFileName(exportPath), new FileInfo(exportPath).Length, Convert.ToHexStringLower(hash),
            DateTime.SpecifyKind(generatedUtc, DateTimeKind.Utc), export, format, filters, rows, AppVersion, modelVersions.Order(StringComparer.Ordinal).ToList());
        await System.IO.File.WriteAllTextAsync(PathOf(exportPath), JsonSerializer.Serialize(manifest, Options), ct);
        return manifest;
    }

    public static Manifest Read(string manifestPath) =>
        JsonSerializer.Deserialize<Manifest>(System.IO.File.ReadAllText(manifestPath), Options) ?? throw new InvalidDataException($"{manifestPath}: empty manifest");
}
