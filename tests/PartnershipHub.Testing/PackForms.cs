using System.Net;
using System.Text.RegularExpressions;

namespace PartnershipHub.Testing;

/// <summary>
/// The performance pack's forms filled as a browser fills them: with the anti-forgery token the hub wrote into the page
/// it served, whose cookie the client keeps (a client with a cookie container).
/// </summary>
public static partial class PackForms
{
    /// <summary>The anti-forgery token in the form of the page at <paramref name="path"/> (e.g. <c>/pack/sign-in</c>).</summary>
    public static async Task<string> AntiforgeryToken(HttpClient web, string path)
    {
        var match = TokenField().Match(await web.GetStringAsync(path));
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"The page at {path} has no anti-forgery token in its form.");
    }

    /// <summary>Posts the local sign-in form with <paramref name="token"/> (a token of the hub's key), as the page does.</summary>
    public static async Task<HttpResponseMessage> SignIn(HttpClient web, string token) =>
        await web.PostAsync("/pack/sign-in", new FormUrlEncodedContent([new("token", token), new("antiforgery", await AntiforgeryToken(web, "/pack/sign-in"))]));

    [GeneratedRegex("<input type=\"hidden\" name=\"antiforgery\" value=\"([^\"]+)\">")]
    private static partial Regex TokenField();
}
