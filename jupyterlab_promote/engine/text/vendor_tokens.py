"""Vendor token formats recognised by their prefix: the maintained list of a well-kept scanner, kept as data.

Adapted from the default rules of gitleaks (MIT licence, config/gitleaks.toml) and the plugins of
detect-secrets (Apache 2.0), keeping only formats anchored on a literal prefix or a fixed marker, so each
pattern is tried only when its hint is in the text and re skips ahead to the prefix. Formats found only
by a keyword next to a bare random string (Cohere, Mistral, Kaggle...) are left to the name-based rules,
which read the Python around the value. Every pattern has one bounded run after its prefix (no two
quantifiers that can share characters), so it stays linear on any text.

Each entry: kind -> (label, environment variable a fix reads it from, pattern, hints[, must start a word]).
A hint is a substring every match contains; kinds share short hints ("gl" for GitLab and Grafana) because
each hint is one more looked for in every cell, and a pattern that starts with it is as cheap to try.
"""

_HEX = "[0-9a-f]"
_END = r"(?![A-Za-z0-9_\-])"
"""The run must stop where the token stops: a longer run of the same characters is something else."""

VENDOR_TOKENS: dict[str, tuple] = {
    "anthropic": ("an Anthropic API key", "ANTHROPIC_API_KEY", r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{93}AA" + _END,
                  ("sk-ant-",)),
    "perplexity": ("a Perplexity API key", "PERPLEXITY_API_KEY", r"pplx-[A-Za-z0-9]{32,64}" + _END, ("pplx-",)),
    "groq": ("a Groq API key", "GROQ_API_KEY", r"gsk_[A-Za-z0-9]{48,56}" + _END, ("gsk_",)),
    "replicate": ("a Replicate API token", "REPLICATE_API_TOKEN", r"r8_[A-Za-z0-9]{37}" + _END, ("r8_",)),
    "xai": ("an xAI API key", "XAI_API_KEY", r"xai-[A-Za-z0-9]{70,90}" + _END, ("xai-",)),
    "huggingface_org": ("a Hugging Face organisation token", "HF_TOKEN", r"api_org_[A-Za-z]{34}" + _END,
                        ("api_org_",)),
    "langsmith": ("a LangSmith API key", "LANGSMITH_API_KEY", r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}" + _END,
                  ("lsv2_",)),
    "gitlab": ("a GitLab token", "GITLAB_TOKEN",
               r"gl(?:(?:pat|dt|rt|soat|ffct|ft|cbt)-[0-9A-Za-z_\-]{20,50}|ptt-[0-9A-Za-z_\-]{40}|imt-[0-9A-Za-z_\-]{25}"
               r"|agent-[0-9A-Za-z_\-]{50,1024}|oas-[0-9A-Za-z_\-]{64})" + _END,
               ("gl",)),
    "gitlab_runner": ("a GitLab runner token", "GITLAB_RUNNER_TOKEN", r"GR1348941[0-9A-Za-z_\-]{20,50}" + _END,
                      ("GR1348941",)),
    "npm": ("an npm access token", "NPM_TOKEN", r"npm_[A-Za-z0-9]{36}" + _END, ("npm_",)),
    "npm_registry": ("an npm registry token", "NPM_TOKEN", r"/:_authToken=[ \t]?[A-Za-z0-9_\-]{20,}", (":_authToken=",)),
    "pypi": ("a PyPI upload token", "PYPI_TOKEN", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,1000}", ("pypi-AgEI",)),
    "slack_app": ("a Slack app token", "SLACK_APP_TOKEN", r"xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[a-z0-9]{16,80}",
                  ("xapp-",)),
    "twilio": ("a Twilio API key", "TWILIO_API_KEY", r"SK[0-9a-fA-F]{32}" + _END, ("SK",)),
    "mailchimp": ("a Mailchimp API key", "MAILCHIMP_API_KEY", _HEX + r"{32}-us\d{1,2}\b", ("-us",)),
    "mailgun": ("a Mailgun API key", "MAILGUN_API_KEY", r"key-[0-9a-zA-Z]{32}" + _END, ("key-",)),
    "sendinblue": ("a Brevo (Sendinblue) API key", "BREVO_API_KEY", r"xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}",
                   ("xkeysib-",)),
    "shopify": ("a Shopify access token", "SHOPIFY_ACCESS_TOKEN", r"shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}" + _END,
                ("shp",)),
    "digitalocean": ("a DigitalOcean token", "DIGITALOCEAN_TOKEN", r"do[opr]_v1_[0-9a-f]{64}" + _END,
                     ("_v1_",)),
    "databricks": ("a Databricks token", "DATABRICKS_TOKEN", r"dapi[0-9a-f]{32}(?:-\d)?" + _END, ("dapi",)),
    "doppler": ("a Doppler token", "DOPPLER_TOKEN", r"dp\.pt\.[A-Za-z0-9]{43}" + _END, ("dp.pt.",)),
    "dynatrace": ("a Dynatrace API token", "DT_API_TOKEN", r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}", ("dt0c01.",)),
    "linear": ("a Linear API key", "LINEAR_API_KEY", r"lin_api_[A-Za-z0-9]{40}" + _END, ("lin_api_",)),
    "newrelic": ("a New Relic key", "NEW_RELIC_API_KEY", r"NR(?:AK|JS|II)-[A-Za-z0-9]{19,32}" + _END,
                 ("NR",)),
    "postman": ("a Postman API key", "POSTMAN_API_KEY", r"PMAK-[0-9a-f]{24}-[0-9a-f]{34}", ("PMAK-",)),
    "prefect": ("a Prefect API key", "PREFECT_API_KEY", r"pnu_[A-Za-z0-9]{36}" + _END, ("pnu_",)),
    "pulumi": ("a Pulumi access token", "PULUMI_ACCESS_TOKEN", r"pul-[0-9a-f]{40}" + _END, ("pul-",)),
    "rubygems": ("a RubyGems API key", "GEM_HOST_API_KEY", r"rubygems_[0-9a-f]{48}" + _END, ("rubygems_",)),
    "readme": ("a ReadMe API key", "README_API_KEY", r"rdme_[a-z0-9]{70}" + _END, ("rdme_",)),
    "sentry": ("a Sentry token", "SENTRY_AUTH_TOKEN", r"sntry[us]_[A-Za-z0-9+/=_]{40,400}", ("sntry",)),
    "age": ("an age secret key", "AGE_SECRET_KEY", r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
            ("AGE-SECRET-KEY-",)),
    "square": ("a Square access token", "SQUARE_ACCESS_TOKEN", r"(?:sq0(?:atp|csp)-|EAAA)[0-9A-Za-z_\-]{22,60}" + _END,
               ("sq0", "EAA")),
    "onepassword_key": ("a 1Password secret key", "OP_SECRET_KEY",
                        r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b",
                        ("A3-",)),
    "openshift": ("an OpenShift user token", "OPENSHIFT_TOKEN", r"sha256~[A-Za-z0-9_\-]{43}" + _END, ("sha256~",)),
    "sourcegraph": ("a Sourcegraph access token", "SRC_ACCESS_TOKEN",
                    r"sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}" + _END, ("sgp_",)),
    "intra42": ("a 42 Intra client secret", "INTRA42_CLIENT_SECRET", r"s-s4t2(?:ud|af)-[0-9a-f]{64}" + _END, ("s-s4t2",)),
    "flyio": ("a Fly.io access token", "FLY_API_TOKEN", r"(?:fo1_[A-Za-z0-9_\-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})",
              ("fo1_", "fm1", "fm2_")),
    # Also inside a bot URL (`api.telegram.org/bot123...:AA...`), so not only at a word's start.
    "telegram": ("a Telegram bot token", "TELEGRAM_BOT_TOKEN", r"(?<!\d)\d{8,10}:AA[0-9A-Za-z_\-]{33}" + _END, (":AA",),
                 False),
    "azure_ad": ("an Azure AD client secret", "AZURE_CLIENT_SECRET", r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}",
                 ("Q~",)),
    "azure_storage": ("an Azure storage account key", "AZURE_STORAGE_KEY", r"AccountKey=[A-Za-z0-9+/]{86}==",
                      ("AccountKey=",)),
    "alibaba": ("an Alibaba Cloud access key", "ALIBABA_ACCESS_KEY_ID", r"LTAI[A-Za-z0-9]{20}" + _END, ("LTAI",)),
    "google_oauth": ("a Google OAuth client secret", "GOOGLE_CLIENT_SECRET", r"GOCSPX-[A-Za-z0-9_\-]{28}" + _END,
                     ("GOCSPX-",)),
    "google_access": ("a Google OAuth access token", "GOOGLE_ACCESS_TOKEN", r"ya29\.[0-9A-Za-z_\-]{30,}", ("ya29.",)),
    "notion": ("a Notion integration token", "NOTION_TOKEN", r"(?:ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})"
               + _END, ("ntn_", "secret_")),
    "artifactory": ("an Artifactory API key", "ARTIFACTORY_API_KEY", r"AKCp[A-Za-z0-9]{69}" + _END, ("AKCp",)),
    "heroku": ("a Heroku API key", "HEROKU_API_KEY", r"HRKU-AA[0-9A-Za-z_\-]{58}" + _END, ("HRKU-",)),
    "grafana": ("a Grafana token", "GRAFANA_TOKEN", r"(?:glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})",
                ("gl",)),
    "onepassword": ("a 1Password service account token", "OP_SERVICE_ACCOUNT_TOKEN", r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
                    ("ops_eyJ",)),
    "hashicorp_vault": ("a HashiCorp Vault token", "VAULT_TOKEN", r"hv[sb]\.[A-Za-z0-9_\-]{90,300}", ("hvs.", "hvb.")),
    "terraform": ("a Terraform Cloud token", "TF_TOKEN", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70}",
                  (".atlasv1.",)),
    "infracost": ("an Infracost API key", "INFRACOST_API_KEY", r"ico-[A-Za-z0-9]{32}" + _END, ("ico-",)),
    "planetscale": ("a PlanetScale token", "PLANETSCALE_TOKEN", r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.\-]{32,64}",
                    ("pscale_",)),
    "flutterwave": ("a Flutterwave key", "FLW_SECRET_KEY", r"FLW(?:SECK|PUBK)_TEST-[a-h0-9]{32}-X", ("_TEST-",)),
    "easypost": ("an EasyPost API key", "EASYPOST_API_KEY", r"EZ[AT]K[A-Za-z0-9]{54}" + _END, ("EZ",)),
    "facebook": ("a Facebook access token", "FACEBOOK_ACCESS_TOKEN", r"EAA[MC][A-Za-z0-9]{100,}", ("EAA",)),
    # An app token is the app id and its secret joined by a bar (`APP_ID|APP_SECRET`, `%7C` in a URL).
    "facebook_app": ("a Facebook app access token", "FACEBOOK_ACCESS_TOKEN",
                     r"\d{15,16}(?:\||%7C)[0-9A-Za-z_\-]{27,40}" + _END, ("|", "%7C")),
    "twitter_bearer": ("a Twitter/X bearer token", "TWITTER_BEARER_TOKEN", r"AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,}",
                       ("AAAAAAAAAAAAAAAAAAAAA",)),
    "mapbox": ("a Mapbox secret token", "MAPBOX_TOKEN", r"sk\.eyJ[A-Za-z0-9_\-]{50,}\.[A-Za-z0-9_\-]{20,}", ("sk.eyJ",)),
    # user id (base64).timestamp.HMAC: no prefix to look for, so the hint is the shape itself (searched once
    # per text); the segments must be generated (digits and both cases, checked in secret_patterns) so a
    # dotted attribute path is not one.
    "discord": ("a Discord bot token", "DISCORD_BOT_TOKEN",
                r"[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}" + _END, ("shape:discord",),
                False),
    "discord_webhook": ("a Discord webhook URL", "DISCORD_WEBHOOK_URL",
                        r"https://discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,70}", ("discord",)),
    "teams_webhook": ("a Microsoft Teams webhook URL", "TEAMS_WEBHOOK_URL",
                      r"https://[a-z0-9]+\.webhook\.office\.com/webhookb2/[a-z0-9\-@]{60,90}/IncomingWebhook/",
                      ("webhook.office",)),
}
