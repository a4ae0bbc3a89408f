using Microsoft.Extensions.Configuration;

namespace MarketWatch;

/// <summary>Where things are: the repository (appsettings.json, fixtures/) and the data directory.</summary>
public sealed record AppPaths(string ConfigFile, string DataDir, string FixturesDir)
{
    /// <summary>The checkout this binary was built from (the folder holding MarketWatch.sln), else the binary's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static AppPaths Resolve(string? configFile, string? dataDir)
    {
        var config = Path.GetFullPath(configFile ?? Path.Combine(RepositoryRoot, "appsettings.json"));
        var data = Path.GetFullPath(dataDir ?? "data");
        var fixtures = Path.Combine(RepositoryRoot, "fixtures");
        return new AppPaths(config, data, fixtures);
    }

    /// <summary>A path from configuration: relative ones are relative to the configuration file's folder.</summary>
    public string Relative(string path) => Path.GetFullPath(path, Path.GetDirectoryName(ConfigFile)!);

    public IConfiguration LoadConfiguration()
    {
        if (!File.Exists(ConfigFile)) throw new Marketplaces.ConfigurationException($"configuration file '{ConfigFile}' does not exist (--config)");
        try
        {
            // MarketWatch__Browser__ExecutablePath overrides Browser:ExecutablePath, and so on for every key.
            return new ConfigurationBuilder().AddJsonFile(ConfigFile, optional: false).AddEnvironmentVariables("MarketWatch__").Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON reader's own exception, a few levels down, knows where the file went wrong.
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is System.Text.Json.JsonException { LineNumber: { } line } json)
                    throw new Marketplaces.ConfigurationException($"{ConfigFile}: line {line + 1}, position {json.BytePositionInLine + 1}: invalid JSON");
            throw new Marketplaces.ConfigurationException($"{ConfigFile}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MarketWatch.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
