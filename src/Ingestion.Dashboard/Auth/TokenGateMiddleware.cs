using Microsoft.AspNetCore.Http;

namespace Ingestion.Dashboard.Auth;

/// <summary>Without the token only the login page is served: API calls get 401, pages a redirect to the login page.</summary>
internal sealed class TokenGateMiddleware(RequestDelegate next, TokenGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(LoginEndpoints.Path) || gate.IsAuthorized(context.Request))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Login required",
                detail: "Send the dashboard token as a bearer header, or log in at /login with the token the AppHost printed.").ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(LoginEndpoints.Path);
    }
}
