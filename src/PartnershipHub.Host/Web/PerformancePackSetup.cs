using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Api.PerformancePack;
using PartnershipHub.Domain.Access;
using PartnershipHub.Host.Configuration;
using PartnershipHub.Host.Identity;

namespace PartnershipHub.Host.Web;

/// <summary>
/// The board's performance pack as a web page on <c>Hub:WebPort</c>: the page and its bundled charts (built from
/// <c>web/</c> by the host's build), a signed-in session in a cookie, and the figures from
/// <see cref="PerformancePackEndpoint"/>. In production the session comes from OpenID Connect sign-in at the
/// partnership's identity provider; locally from a token signed with the hub's development key (<c>phub token</c>),
/// checked exactly as the gRPC API checks it.
/// </summary>
public static class PerformancePackSetup
{
    /// <summary>The session's authentication scheme (an encrypted cookie).</summary>
    public const string SessionScheme = "pack-session";

    private const string OpenIdScheme = "pack-openid";
    private const string Policy = "performance-pack";
    private const string SignInPath = "/pack/sign-in";

    /// <summary>
    /// The attribute a page's form carries where its anti-forgery token goes (<c>web/*.html</c>): the hub writes the
    /// token in when it serves the page, so the form works without script.
    /// </summary>
    private const string AntiforgeryMarker = "data-antiforgery";

    /// <summary>The folder of the built page, beside the host's assembly.</summary>
    private static string PageFolder => Path.Combine(AppContext.BaseDirectory, "pack");

    /// <summary>Adds the session, OpenID Connect sign-in when configured, and the pack's authorisation policy.</summary>
    public static IServiceCollection AddPerformancePack(this IServiceCollection services, AuthenticationSettings settings, string dataFolder)
    {
        // The session cookie is encrypted with keys kept in the data folder, so a restart does not sign everyone out.
        services.AddDataProtection().SetApplicationName("partnershiphub")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys", "data-protection")));
        var openId = settings.Authority.Length > 0 && settings.WebClientId.Length > 0;
        var authentication = services.AddAuthentication().AddCookie(SessionScheme, cookie =>
        {
            cookie.Cookie.Name = "phub-pack";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
            cookie.LoginPath = SignInPath;
            if (openId)
            {
                cookie.ForwardChallenge = OpenIdScheme;
            }

            cookie.Events.OnRedirectToLogin = context =>
            {
                // The page's own fetches get a status to act on, not a sign-in page.
                if (context.Request.Path.StartsWithSegments(PerformancePackEndpoint.Path))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });
        if (openId)
        {
            authentication.AddOpenIdConnect(OpenIdScheme, oidc =>
            {
                oidc.SignInScheme = SessionScheme;
                oidc.Authority = settings.Authority;
                oidc.ClientId = settings.WebClientId;
                oidc.ClientSecret = settings.WebClientSecret;
                oidc.ResponseType = "code";
                oidc.UsePkce = true;
                oidc.MapInboundClaims = false;
                oidc.CallbackPath = "/pack/signed-in";
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.Events.OnTokenValidated = context =>
                {
                    context.Principal = OpenIdPrincipal(context.Principal!, settings);
                    return Task.CompletedTask;
                };
            });
        }

        // Every POST the page takes (signing in and out) carries a token from the page the hub served, checked against
        // a cookie of its own: another site cannot make a browser sign in with a token of its choosing, or sign out.
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.FormFieldName = "antiforgery";
            antiforgery.Cookie.Name = "phub-pack-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(SessionScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// The session of a user signed in at the identity provider: the same organisation, role and user claims as the
    /// API's tokens carry, read from the provider's claims named in the settings. A claim missing, repeated or not a
    /// hub role gives a session with no caller, which the pack refuses like an unknown role.
    /// </summary>
    public static ClaimsPrincipal OpenIdPrincipal(ClaimsPrincipal signedIn, AuthenticationSettings settings)
    {
        string? Single(string type) => signedIn.FindAll(type).ToList() is [var only] ? only.Value : null;
        return Session(Single(settings.OrganisationClaim), Single(settings.RoleClaim), Single(HubClaims.UserId), "openid");
    }

    /// <summary>Serves the page (static assets before any authentication), the local sign-in and the figures.</summary>
    public static void MapPerformancePack(this WebApplication app, HubOptions hub, AuthenticationSettings settings)
    {
        if (hub.WebPort == 0)
        {
            return;
        }

        var host = $"*:{hub.WebPort}";
        var page = Directory.Exists(PageFolder) ? new PhysicalFileProvider(PageFolder) : null;
        app.MapGet("/", () => Results.Redirect("/pack")).AllowAnonymous().RequireHost(host);
        app.MapGet("/pack", (HttpContext http, IAntiforgery antiforgery) => FormPage(http, antiforgery, page, "index.html")).RequireAuthorization(Policy).RequireHost(host);
        app.MapGet("/pack/assets/{file}", (string file) => PageFile(page, "assets/" + file)).AllowAnonymous().RequireHost(host);
        app.MapPerformancePackData().RequireAuthorization(Policy).RequireHost(host);
        app.MapPost("/pack/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Forged();
            }

            await http.SignOutAsync(SessionScheme);
            return Results.Redirect(SignInPath);
        }).RequireAuthorization(Policy).DisableAntiforgery().RequireHost(host);
        if (settings.Authority.Length > 0)
        {
            // Production: the cookie's challenge goes to the identity provider; no token is taken from a form.
            app.MapGet(SignInPath, () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/pack" }, [SessionScheme]))
                .AllowAnonymous().RequireHost(host);
            return;
        }

        app.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery) => FormPage(http, antiforgery, page, "sign-in.html")).AllowAnonymous().RequireHost(host);
        // The token is checked by the handler itself (the form is read by hand, so the framework would not check it).
        app.MapPost(SignInPath, SignInWithLocalToken).AllowAnonymous().DisableAntiforgery().RequireHost(host);
    }

    /// <summary>
    /// Local use: a token from <c>phub token</c>, posted by the sign-in form, checked with the API's own validation
    /// (the hub's development key, audience, lifetime, single-valued claims), becomes a session that ends when the
    /// token would have expired.
    /// </summary>
    private static async Task<IResult> SignInWithLocalToken(HttpContext http, IAntiforgery antiforgery, IOptionsMonitor<JwtBearerOptions> bearer)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Forged();
        }

        var form = await http.Request.ReadFormAsync();
        var token = form["token"].ToString().Trim();
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters);
        if (!validation.IsValid || validation.SecurityToken is not JsonWebToken jwt
            || SingleValuedClaims.FirstAmbiguous(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload)) is not null)
        {
            return Results.Redirect(SignInPath + "?refused=1");
        }

        var session = Session(jwt.GetPayloadValue<string>(HubClaims.Organisation), jwt.GetPayloadValue<string>(HubClaims.Role), jwt.Subject, "local-key");
        await http.SignInAsync(SessionScheme, session, new AuthenticationProperties { ExpiresUtc = jwt.ValidTo, IsPersistent = false });
        return Results.Redirect("/pack");
    }

    private static ClaimsPrincipal Session(string? organisation, string? role, string? user, string method)
    {
        var claims = new List<Claim>();
        foreach (var (type, value) in new[] { (HubClaims.Organisation, organisation), (HubClaims.Role, role), (HubClaims.UserId, user) })
        {
            if (value is { Length: > 0 })
            {
                claims.Add(new Claim(type, value));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, method, HubClaims.UserId, HubClaims.Role));
    }

    /// <summary>The refusal of a POST without the anti-forgery token of a page the hub served: nothing is changed.</summary>
    private static IResult Forged() => Results.Text(
        "The hub refused this form: it did not come from a page of this hub, or the page is too old. Open the page again and retry.",
        statusCode: StatusCodes.Status400BadRequest);

    /// <summary>An HTML page of the pack with a form: its anti-forgery token written where the page marks it.</summary>
    private static async Task<IResult> FormPage(HttpContext http, IAntiforgery antiforgery, PhysicalFileProvider? page, string path)
    {
        var served = PageFile(page, path);
        if (served is not PhysicalFileHttpResult file)
        {
            return served;
        }

        var token = antiforgery.GetAndStoreTokens(http).RequestToken!;
        var html = await File.ReadAllTextAsync(file.FileName);
        return Results.Content(html.Replace(AntiforgeryMarker, $"value=\"{HtmlEncoder.Default.Encode(token)}\"", StringComparison.Ordinal), file.ContentType);
    }

    private static IResult PageFile(PhysicalFileProvider? page, string path)
    {
        if (page is null)
        {
            return Results.Text("The performance pack's page was not built: build the host with Node.js (npm) installed (see the README).", statusCode: 503);
        }

        var file = page.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory)
        {
            return Results.NotFound();
        }

        var type = Path.GetExtension(path) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript",
            ".css" => "text/css",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.File(file.PhysicalPath!, type);
    }
}
