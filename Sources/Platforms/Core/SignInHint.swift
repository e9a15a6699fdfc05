/// What to check when a sign-in is refused, in one place for every platform: a 404 or 405 says
/// the address is wrong (a profile given the simulator's `/zoom/v2` for `/zoom`), so blaming
/// the credentials would send the operator to the wrong line of the profile.
public enum SignInHint {
    /// `addressKey`: the profile key of the URL the sign-in went to (`base_url`, `oauth_url`);
    /// `credentials`: the keys to check otherwise ("zoom account_id, client_id and client_secret").
    public static func hint(_ r: WireResponse, url: String, addressKey: String, credentials: String) -> String {
        switch r.status {
        case 404, 405:
            return "nothing signs in at \(url) (HTTP \(r.status)): check the profile's \(addressKey)"
        default:
            return "check the profile's \(credentials)"
        }
    }
}
