using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DatasetForge.DemoSite.Serving;

/// <summary>
/// A small real HTTP server on 127.0.0.1 serving whatever pages, files and handlers it is given, by path (and query), with
/// ETag / Last-Modified and 304 answers, and a log of every request: the fixture site of scraper tests and benchmarks.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private static readonly DateTimeOffset Published = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FixtureRequest> _log = new();
    private readonly WebApplication _app;

    private FixtureServer(WebApplication app) => _app = app;

    /// <summary>The site's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Whether pages and files carry ETag and Last-Modified (and answer conditional GETs with 304). Default true.</summary>
    public bool Validators { get; set; } = true;

    /// <summary>
    /// How long every answer waits before it is sent, as a distant server's latency would make it (benchmarks of crawls that
    /// are network-bound, as real ones are). The default value is zero.
    /// </summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<FixtureRequest> Requests => [.. _log];

    /// <summary>Starts the server on a free port of 127.0.0.1.</summary>
    public static async Task<FixtureServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FixtureServer(app);
        app.Run(server.ServeAsync);
        await app.StartAsync(cancellationToken);
        server.BaseUrl = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/");
        return server;
    }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> on this site.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>Serves <paramref name="html"/> as a UTF-8 HTML page at <paramref name="pathAndQuery"/>.</summary>
    public void Page(string pathAndQuery, string html) => File(pathAndQuery, System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");

    /// <summary>Serves <paramref name="body"/> with <paramref name="contentType"/> at <paramref name="pathAndQuery"/>.</summary>
    public void File(string pathAndQuery, byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
        _routes[pathAndQuery] = context => WriteAsync(context, body, contentType, etag);
    }

    /// <summary>Serves <paramref name="pathAndQuery"/> by <paramref name="handler"/> (statuses, redirects, Retry-After, slow answers).</summary>
    public void Handle(string pathAndQuery, Func<HttpContext, Task> handler) => _routes[pathAndQuery] = handler;

    /// <summary>Stops serving <paramref name="pathAndQuery"/> (404 from now on).</summary>
    public void Remove(string pathAndQuery) => _routes.TryRemove(pathAndQuery, out _);

    /// <summary>Forgets the request log.</summary>
    public void ClearLog() => _log.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var key = context.Request.Path.Value + context.Request.QueryString.Value;
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (_routes.TryGetValue(key, out var route) || _routes.TryGetValue(context.Request.Path.Value ?? "/", out route))
            {
                await route(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
        finally
        {
            _log.Enqueue(new FixtureRequest(key, context.Response.StatusCode, context.Request.Headers.UserAgent.ToString()));
        }
    }

    private async Task WriteAsync(HttpContext context, byte[] body, string contentType, string etag)
    {
        if (Validators)
        {
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = Published.ToString("R");
            var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
            var ifModifiedSince = context.Request.Headers.IfModifiedSince.ToString();
            if ((ifNoneMatch.Length > 0 && ifNoneMatch.Contains(etag, StringComparison.Ordinal))
                || (ifNoneMatch.Length == 0 && DateTimeOffset.TryParse(ifModifiedSince, out var since) && since >= Published))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
