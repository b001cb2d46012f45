using System.Net;
using DatasetForge.Core.Assets;
using DatasetForge.DemoSite.Fixtures;
using DatasetForge.DemoSite.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DatasetForge.DemoSite;

/// <summary>Serves eight departments of four fictional universities on 127.0.0.1, each university in its own page layout, with real face photos.</summary>
public static class DemoSite
{
    /// <summary>Builds the photos, starts Kestrel and returns once the site answers.</summary>
    public static async Task<RunningDemoSite> StartAsync(DemoSiteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var content = new DemoContent(FixtureFile.Load(), sample => ResolvePhoto(options, sample));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.Host), options.Port));
        var app = builder.Build();
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        app.Run(async context =>
        {
            requests.Enqueue(context.Request.Path.Value + context.Request.QueryString.Value);
            if (options.RequestDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.RequestDelay, context.RequestAborted);
            }

            await ServeAsync(context, content);
        });

        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUrl = new Uri(new Uri(address.Replace("[::]", options.Host, StringComparison.Ordinal)), "/");
            content.BaseUrl = baseUrl;
            return new RunningDemoSite(app, content, baseUrl, requests);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bare file name is one of the face-api sample photos; a path is relative to the asset folder.</summary>
    private static string ResolvePhoto(DemoSiteOptions options, string sample)
    {
        if (!sample.Contains('/', StringComparison.Ordinal))
        {
            return Path.Combine(options.SamplePhotosDirectory ?? Resolve(options, AssetLocator.SamplePhotosDirectory), sample);
        }

        return Resolve(options, sample);
    }

    private static string Resolve(DemoSiteOptions options, string relative)
    {
        if (options.AssetsDirectory is null)
        {
            return AssetLocator.Require(relative);
        }

        var path = Path.Combine(options.AssetsDirectory, relative);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Asset '{relative}' is missing under '{options.AssetsDirectory}'. Run 'bash eng/setup.sh' to fetch and verify it.", path);
    }

    private static async Task ServeAsync(HttpContext context, DemoContent content)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var asset = content.Resolve(context.Request.Path.Value ?? "/");
        if (asset is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", context.RequestAborted);
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Body.Length;
        context.Response.Headers.CacheControl = "no-cache";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(asset.Body, context.RequestAborted);
        }
    }
}
