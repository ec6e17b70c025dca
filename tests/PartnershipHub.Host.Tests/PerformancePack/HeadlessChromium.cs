using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.PerformancePack;

/// <summary>
/// Debian's Chromium, headless, driven through the DevTools protocol over its WebSocket: one page, navigated,
/// evaluated and photographed. Started with a new profile and everything that would reach the internet turned off
/// (this network is closed, and a test must not depend on it).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the test script installs it (Debian package <c>chromium</c>).</summary>
    public const string Executable = "/usr/bin/chromium";

    private readonly Process process;
    private readonly DirectoryInfo profile;
    private readonly ClientWebSocket socket = new();
    private int nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>Starts Chromium and connects to its one page.</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: scripts/test.sh installs Debian's chromium package.");
        }

        var profile = Directory.CreateTempSubdirectory("phub-chromium-");
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                $"--user-data-dir={profile.FullName}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,900", "about:blank",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            // Chromium writes the port it chose, and the browser's path, to DevToolsActivePort in the profile.
            var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
            {
                if (DateTime.UtcNow > deadline || process.HasExited)
                {
                    throw new InvalidOperationException("Chromium did not open its DevTools port.");
                }

                await Task.Delay(100);
            }

            var port = int.Parse(File.ReadAllLines(portFile)[0]);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser.socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until the document has loaded.</summary>
    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitUntilAsync("document.readyState === 'complete' && location.href !== 'about:blank'", TimeSpan.FromSeconds(30));
    }

    /// <summary>The value of a JavaScript expression in the page (a promise is awaited), as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } failure)
        {
            throw new InvalidOperationException($"The page threw: {failure.ToJsonString()}");
        }

        return result["result"]!["value"]?.DeepClone();
    }

    /// <summary>Waits until a JavaScript expression is true in the page.</summary>
    public async Task WaitUntilAsync(string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await EvaluateAsync($"Boolean({condition})") is not JsonValue v || !v.GetValue<bool>())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page never had {condition}; it shows: {await EvaluateAsync("document.body ? document.body.innerText.slice(0, 500) : ''")}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Writes a PNG of the whole page, not only what the window shows, to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics", []);
        var size = metrics["cssContentSize"]!;
        var clip = new JsonObject
        {
            ["x"] = 0,
            ["y"] = 0,
            ["scale"] = 1,
            ["width"] = Math.Ceiling(size["width"]!.GetValue<double>()),
            ["height"] = Math.Ceiling(size["height"]!.GetValue<double>()),
        };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            // Events arrive between answers; only the answer to this call is wanted.
            var reply = JsonNode.Parse(await ReceiveAsync(timeout.Token))!;
            if ((int?)reply["id"] != id)
            {
                continue;
            }

            return reply["error"] is { } error
                ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
                : reply["result"]!;
        }
    }

    private async Task<string> ReceiveAsync(CancellationToken cancellation)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult part;
        do
        {
            part = await socket.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, part.Count);
        }
        while (!part.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        socket.Dispose();
        await ProcessOutput.KillAsync(process);
        process.Dispose();
        try
        {
            profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium's children may still be closing files; the temporary folder is left to the system.
        }
    }
}
