using Microsoft.Playwright;

namespace MarketWatch.Tests.Support;

public static class BrowserForms
{
    /// <summary>
    /// How long a page action may wait in a test (pages' default timeout, a form's next page). A bound for a loaded CI
    /// machine (four tests at a time on 2 cores, each with its own Chromium), not a speed check: the pages answer in
    /// well under a second when the machine is idle.
    /// </summary>
    public const float Patience = 60_000;

    /// <summary>
    /// Runs an action that submits a form and returns once the page it leads to has loaded. The old document
    /// is marked first, so a page that looks the same (the queue after a decision) is not taken for the new one.
    /// </summary>
    public static async Task SubmitAsync(IPage page, Func<Task> act)
    {
        await page.EvaluateAsync("() => { window.__before = true; }");
        await act();
        var deadline = DateTime.UtcNow.AddMilliseconds(Patience);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__before === undefined && document.readyState === 'complete'")) return;
            }
            catch (PlaywrightException) { }   // the old document went away mid-evaluation: the navigation is under way
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the form did not lead to a new page within {Patience / 1000} s");
            await Task.Delay(50);
        }
    }
}
