using MarketWatch.Crawling;
using Microsoft.Playwright;

namespace MarketWatch.Bench;

/// <summary>
/// The README's screenshots of the review workspace, taken from a running `serve --demo` so they show what a
/// newcomer sees: `screenshots --url http://127.0.0.1:5080 --password PASSWORD [--out docs]`.
/// </summary>
public static class Screenshots
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var url = Arg("--url") ?? "http://127.0.0.1:5080";
        var user = Arg("--user") ?? "demo";
        var password = Arg("--password");
        var output = Arg("--out") ?? "docs";
        if (password is null) { Console.WriteLine("screenshots: --password is required (serve --demo prints it)"); return 2; }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumLocator.Locate(null), Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { BaseURL = url, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/signin");
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync(u => !u.Contains("/signin"));

        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("j");   // show the keyboard cursor on the second row
        await Shot(page, Path.Combine(output, "review-queue.png"));
        // The listing shot: the top listing that carries a valid IMEI, which shows the most of the page.
        await page.GotoAsync("/?validImei=true");
        if (await page.Locator("#queue a.open").CountAsync() == 0) await page.GotoAsync("/");
        var first = await page.Locator("#queue a.open").First.GetAttributeAsync("href");
        await page.GotoAsync(first!);
        await Shot(page, Path.Combine(output, "review-listing.png"), fullPage: true, maxHeight: 2200);
        await page.GotoAsync("/dashboard");
        await Shot(page, Path.Combine(output, "review-dashboard.png"), fullPage: true, maxHeight: 1600);
        return 0;
    }

    private static async Task Shot(IPage page, string path, bool fullPage = false, int maxHeight = 900)
    {
        var height = await page.EvaluateAsync<int>("() => document.body.scrollHeight");
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage, Clip = fullPage ? new() { X = 0, Y = 0, Width = 1400, Height = Math.Min(height, maxHeight) } : null });
        Console.WriteLine($"wrote {path}");
    }
}
