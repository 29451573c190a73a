using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Dashboard.Auth;

/// <summary><c>/login?t=TOKEN</c> (the URL the AppHost prints) and a form for typing the token.</summary>
internal static class LoginEndpoints
{
    public const string Path = "/login";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, TokenGate gate) =>
        {
            var token = context.Request.Query["t"].ToString();
            if (token.Length == 0)
            {
                return Page(error: null, StatusCodes.Status200OK);
            }

            return SignIn(context, gate, token);
        });
        endpoints.MapPost(Path, async (HttpContext context, TokenGate gate) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return SignIn(context, gate, form["token"].ToString());
        }).DisableAntiforgery();
        return endpoints;
    }

    private static IResult SignIn(HttpContext context, TokenGate gate, string token)
    {
        if (!gate.Matches(token))
        {
            return Page("That token is not this dashboard's. Use the one the AppHost printed at start.", StatusCodes.Status401Unauthorized);
        }

        gate.SignIn(context.Response);
        return Results.Redirect("/");
    }

    private static IResult Page(string? error, int status) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Ingestion dashboard: log in</title>
        <style>
          body { font: 15px system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; height: 100vh; margin: 0; }
          form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 22rem; }
          h1 { font-size: 1.2rem; margin-top: 0; } input { width: 100%; box-sizing: border-box; padding: .5rem; margin: .5rem 0 1rem; }
          button { padding: .5rem 1rem; } .error { color: #b00020; }
        </style></head>
        <body><form method="post" action="/login">
          <h1>Ingestion dashboard</h1>
          <p>Enter the token the AppHost printed at start (or open the login URL it printed).</p>
          {{(error is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}}
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="off" autofocus>
          <button type="submit">Log in</button>
        </form></body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);
}
