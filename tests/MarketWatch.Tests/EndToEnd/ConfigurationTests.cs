using MarketWatch.Marketplaces;
using MarketWatch.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Tests.EndToEnd;

public class ConfigurationTests
{
    private static readonly string RepoConfig = Path.Combine(AppPaths.RepositoryRoot, "appsettings.json");

    [Fact]
    public async Task Environment_variable_overrides_the_browser_path_and_the_error_says_how_to_fix_it()
    {
        using var data = new TempDir();
        var env = new Dictionary<string, string> { ["MarketWatch__Browser__ExecutablePath"] = "/nonexistent/chrome" };
        var result = await AppProcess.RunAsync(env, "--data-dir", data.Path, "crawl", "-m", "tokopedia", "-q", "imei", "--sandbox", "http://127.0.0.1:9");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Browser:ExecutablePath is set to '/nonexistent/chrome'", result.Stderr);
        Assert.Contains("apt-get install -y chromium", result.Stderr);
    }

    [Fact]
    public async Task Malformed_configuration_file_is_named_with_its_line()
    {
        using var data = new TempDir();
        var config = Path.Combine(data.Path, "broken.json");
        await File.WriteAllTextAsync(config, "{\n  \"Browser\": {\n    \"Headless\": true,,\n  }\n}\n");
        var result = await AppProcess.RunAsync("--config", config, "--data-dir", data.Path, "listings");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json", result.Stderr);
        Assert.Contains("line", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(data.Path, "marketwatch.db")), "nothing is created from a configuration that did not load");
    }

    [Fact]
    public async Task Missing_configuration_file_is_refused()
    {
        using var data = new TempDir();
        var result = await AppProcess.RunAsync("--config", Path.Combine(data.Path, "nope.json"), "--data-dir", data.Path, "listings");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.json' does not exist", result.Stderr);
    }

    [Fact]
    public async Task Every_verb_has_help()
    {
        foreach (var verb in new[] { "sandbox", "crawl", "listings", "serve" })
        {
            var result = await AppProcess.RunAsync(verb, "--help");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("--data-dir", result.Stdout);
        }
    }

    [Theory]
    [InlineData("Marketplaces:tokopedia:Card", "div[[broken", "Marketplaces:tokopedia:Card: 'div[[broken' is not a valid CSS selector")]
    [InlineData("Marketplaces:tokopedia:Fields:Price", "span::nope(@x", "Marketplaces:tokopedia:Fields:Price")]
    [InlineData("Marketplaces:tokopedia:SearchUrl", "{base}/search?q={query}", "Marketplaces:tokopedia:SearchUrl: template '{base}/search?q={query}' lacks {page}")]
    [InlineData("Marketplaces:tokopedia:BaseUrl", "not a url", "Marketplaces:tokopedia:BaseUrl: 'not a url' is not an absolute http(s) URL")]
    [InlineData("Marketplaces:tokopedia:Fields:Title", "", "Marketplaces:tokopedia:Fields:Title is required")]
    [InlineData("Marketplaces:tokopedia:ProductIdPattern", "(unclosed", "Marketplaces:tokopedia:ProductIdPattern")]
    public void Invalid_profile_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        var config = new ConfigurationBuilder().AddJsonFile(RepoConfig).AddInMemoryCollection([new(key, value)]).Build();
        var e = Assert.Throws<ConfigurationException>(() => MarketplaceCatalog.FromConfiguration(config));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("Browser:CollectGarbageEveryPages", "-1", "Browser:CollectGarbageEveryPages: -1 must not be negative")]
    [InlineData("Browser:RecycleTabAfterPages", "-5", "Browser:RecycleTabAfterPages: -5 must not be negative")]
    public void Invalid_browser_setting_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        using var data = new TempDir();
        var config = new ConfigurationBuilder().AddJsonFile(RepoConfig).AddInMemoryCollection([new(key, value)]).Build();
        var e = Assert.Throws<ConfigurationException>(() =>
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddCrawling(config, AppPaths.Resolve(RepoConfig, data.Path)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Repository_configuration_is_valid() =>
        Assert.Contains(MarketplaceCatalog.FromConfiguration(new ConfigurationBuilder().AddJsonFile(RepoConfig).Build()).All, p => p.Name == "tokopedia");
}
