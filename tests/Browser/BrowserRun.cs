using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Playwright;

namespace Simulator.Tests.Browser;

/// <summary>
/// One test's browser: Chromium through Playwright, one context (own cookies: one user) per page.
/// Each page's console, page errors and failed requests are recorded; when the test fails, every
/// page's screenshot, log and HTML go to TestResults/browser/&lt;test&gt;-&lt;n&gt;.png, .log and .html.
/// </summary>
public sealed class BrowserRun : IAsyncDisposable
{
    /// <summary>Chromium's error for a request dropped because the host's network changed.</summary>
    public const string NetworkChanged = "net::ERR_NETWORK_CHANGED";

    /// <summary>
    /// How a Blazor Server page (the Aspire dashboard) reports an exception that ended its circuit:
    /// the page then shows "An unhandled error has occurred. Reload" and never updates again.
    /// </summary>
    private const string CircuitError = "Error: System.";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _origin;
    private readonly string _test;
    private readonly List<(IPage Page, StringBuilder Log)> _pages = [];

    // The step running now (one at a time): the pages opened during it are its own.
    private StepAttempt? _attempt;

    private BrowserRun(IPlaywright playwright, IBrowser browser, Uri origin, string test)
    {
        _playwright = playwright;
        _browser = browser;
        _origin = origin;
        _test = test;
    }

    public static string ResultsFolder => Path.Combine(RepositoryPaths.Root, "TestResults", "browser");

    /// <summary>Starts Chromium for a test; an https origin needs the proxy's certificate (see <see cref="ProxyTrust"/>).</summary>
    public static async Task<BrowserRun> StartAsync(Uri origin, X509Certificate2? proxyCertificate = null, [CallerMemberName] string test = "")
    {
        // Assertions wait for what the page shows; like every wait, they are bounded only against hangs.
        Assertions.SetDefaultExpectTimeout((float)Bounded.HangLimit.TotalMilliseconds);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(ChromiumLaunch.OptionsFor(origin, proxyCertificate));
            return new BrowserRun(playwright, browser, origin, test);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>The sample app's page in a context of its own, as a second person's browser would be.</summary>
    public async Task<MessageBoardPage> OpenBoardAsync() => new(await OpenPageAsync());

    /// <summary>A blank page in a context of its own (own cookies), its console recorded.</summary>
    public async Task<IPage> OpenPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _origin.ToString(), AcceptDownloads = true });
        // Waits end on what the page shows; this bound only catches hangs.
        context.SetDefaultTimeout((float)Bounded.HangLimit.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var log = new StringBuilder();
        page.Console += (_, message) => Append(log, $"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Append(log, $"page error: {error}");
        page.RequestFailed += (_, request) => Append(log, $"request failed: {request.Method} {request.Url}: {request.Failure}");
        _pages.Add((page, log));
        _attempt?.Watch(page);
        return page;
    }

    /// <summary>Runs one step of a test on a page of its own; see <see cref="StepAsync"/>.</summary>
    public Task OnPageAsync(string step, Func<IPage, Task> action) =>
        StepAsync(step, async () => await action(await OpenPageAsync()));

    /// <summary>
    /// Runs one step of a test, on the pages it opens. A page can be left in no known state by what
    /// is not under test; the step's pages are then closed (which ends its pending actions) and the
    /// step starts over on new pages, as a person would open them again; so a step must be safe to
    /// run again, and opens its pages itself. Two such causes are known:
    /// - Chromium fails every request that is waiting for a connection with net::ERR_NETWORK_CHANGED
    ///   when an address appears on an interface of the host, and the engine adds one for each
    ///   container network anybody creates (<see cref="BrowserStepTests"/>);
    /// - the Aspire dashboard's Blazor circuit can end on an exception of its own (seen: an
    ///   ObjectDisposedException in its grid's Virtualize), leaving "An unhandled error has
    ///   occurred. Reload" on a page that never updates again.
    /// </summary>
    public async Task StepAsync(string step, Func<Task> action)
    {
        await Bounded.WithinAsync(Bounded.HangLimit, $"'{step}' on pages that kept working", async token =>
        {
            for (var attempt = 1; await AttemptAsync(action, token) is { } lost; attempt++)
            {
                Console.WriteLine($"browser: '{step}' (attempt {attempt}): {lost}; the step starts over on new pages");
            }
        });
    }

    /// <returns>null when the step completed; else why its pages were lost (a request without its query, which may hold a token).</returns>
    private async Task<string?> AttemptAsync(Func<Task> action, CancellationToken token)
    {
        if (_attempt is not null)
        {
            throw new InvalidOperationException("a browser step runs inside another one");
        }

        var attempt = _attempt = new StepAttempt();
        try
        {
            var run = action();
            await Task.WhenAny(run, attempt.Lost.Task, Task.Delay(Timeout.Infinite, token));
            token.ThrowIfCancellationRequested();
            if (run.IsCompletedSuccessfully)
            {
                return null;
            }

            // A navigation that the network change failed throws before, or without, the request's event.
            var wasLost = attempt.Lost.Task.IsCompleted
                || run.Exception?.InnerException is PlaywrightException e && e.Message.Contains(NetworkChanged, StringComparison.Ordinal);
            if (!wasLost)
            {
                await run;
            }

            var reason = attempt.Lost.Task.IsCompleted ? await attempt.Lost.Task : $"{NetworkChanged} on a page's navigation";
            foreach (var page in attempt.Pages)
            {
                Append(_pages.Single(p => p.Page == page).Log, $"{reason}: the page is closed; its step starts over on new pages");
                await page.Context.CloseAsync();
            }

            try
            {
                await run;
            }
            catch (Exception)
            {
                // Whatever the step was doing ended with its pages; the step starts over.
            }

            return reason;
        }
        finally
        {
            _attempt = null;
        }
    }

    /// <summary>The pages one attempt of a step opened, and the first sign that one of them was lost.</summary>
    private sealed class StepAttempt
    {
        public List<IPage> Pages { get; } = [];

        public TaskCompletionSource<string> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Watch(IPage page)
        {
            Pages.Add(page);
            page.RequestFailed += (_, request) =>
            {
                if (request.Failure == NetworkChanged)
                {
                    Lost.TrySetResult($"{NetworkChanged} on {request.Method} {new Uri(request.Url).GetLeftPart(UriPartial.Path)}");
                }
            };
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && message.Text.Contains(CircuitError, StringComparison.Ordinal))
                {
                    Lost.TrySetResult($"the page's Blazor circuit ended on an exception ({message.Text.Split('\n')[0]})");
                }
            };
        }
    }

    /// <summary>What a page's console said so far (messages, page errors, failed requests).</summary>
    public string ConsoleLog(IPage page)
    {
        var log = _pages.Single(p => p.Page == page).Log;
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Runs the test's steps; on failure, saves what each page showed and logged, then fails.</summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await SaveEvidenceAsync();
            throw;
        }
    }

    private async Task SaveEvidenceAsync()
    {
        Directory.CreateDirectory(ResultsFolder);
        for (var i = 0; i < _pages.Count; i++)
        {
            var (page, log) = _pages[i];
            var file = Path.Combine(ResultsFolder, $"{_test}-{i + 1}");
            try
            {
                await page.ScreenshotAsync(new() { Path = file + ".png", FullPage = true, Timeout = 30_000 });
            }
            catch (PlaywrightException e)
            {
                Append(log, $"(no screenshot: {e.Message})");
            }

            try
            {
                await File.WriteAllTextAsync(file + ".html", await page.ContentAsync());
            }
            catch (PlaywrightException e)
            {
                Append(log, $"(no HTML: {e.Message})");
            }

            lock (log)
            {
                File.WriteAllText(file + ".log", $"{page.Url}\n{log}");
            }
        }
    }

    private static void Append(StringBuilder log, string line)
    {
        lock (log)
        {
            log.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff")).Append(' ').AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
