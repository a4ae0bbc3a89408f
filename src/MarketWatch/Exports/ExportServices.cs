using MarketWatch.Crawling;
using MarketWatch.Data;
using MarketWatch.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Exports;

public static class ExportServices
{
    /// <summary>Options from the "Exports" section, validated; the exporter over the app's database and evidence.</summary>
    public static IServiceCollection AddExports(this IServiceCollection services, IConfiguration config, AppPaths paths)
    {
        var options = Options(config);
        return services.AddSingleton(options).AddSingleton(new ReportsFolder(Path.Combine(paths.DataDir, "reports")))
            .AddSingleton(sp => new Exporter(sp.GetRequiredService<IDbContextFactory<MarketWatchDb>>(), sp.GetRequiredService<MarketplaceCatalog>(), options,
                sp.GetService<EvidenceStore>() ?? new EvidenceStore(paths.DataDir), sp.GetService<SnapshotRenderer>()))
            .AddSingleton<WeeklyReports>();
    }

    public static ExportOptions Options(IConfiguration config)
    {
        var options = new ExportOptions();
        try { config.GetSection("Exports").Bind(options); }
        catch (InvalidOperationException e) { throw new ConfigurationException($"Exports: {e.Message}"); }
        options.Validate();
        return options;
    }
}

/// <summary>DATA/reports: where the weekly takedown reports land and the export page lists them.</summary>
public sealed record ReportsFolder(string Path)
{
    /// <summary>A file of this folder by plain name only: no separators, no "..", nothing hidden or unfinished.</summary>
    public string? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.') || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name.Contains("..")) return null;
        var full = System.IO.Path.Combine(Path, name);
        return File.Exists(full) ? full : null;
    }

    public IEnumerable<FileInfo> Files() => Directory.Exists(Path)
        ? new DirectoryInfo(Path).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name)
        : [];
}
