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

    /// <summary>Describes a finished export file (hashed where it lies: its temporary name), to be published as <paramref name="name"/>.</summary>
    public static async Task<Manifest> DescribeAsync(string file, string name, string export, string format, IReadOnlyDictionary<string, string?> filters,
        int rows, IEnumerable<string> modelVersions, DateTime generatedUtc, CancellationToken ct)
    {
        byte[] hash;
        await using (var stream = System.IO.File.OpenRead(file)) hash = await SHA256.HashDataAsync(stream, ct);
        return new Manifest(name, new FileInfo(file).Length, Convert.ToHexStringLower(hash), DateTime.SpecifyKind(generatedUtc, DateTimeKind.Utc),
            export, format, filters, rows, AppVersion, modelVersions.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Writes the manifest to <paramref name="path"/> (a temporary name: the exporter moves it into place) and onto the disk.</summary>
    public async Task SaveAsync(string path, FileStreamOptions create, CancellationToken ct)
    {
        await using var stream = new FileStream(path, create);
        await JsonSerializer.SerializeAsync(stream, this, Options, ct);
        stream.Flush(flushToDisk: true);
    }

    public static Manifest Read(string manifestPath) =>
        JsonSerializer.Deserialize<Manifest>(System.IO.File.ReadAllText(manifestPath), Options) ?? throw new InvalidDataException($"{manifestPath}: empty manifest");
}
