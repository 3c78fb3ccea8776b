//! What the classifier knows beyond the column name: the column's type and
//! the table it sits in.

use super::dictionary::{dictionary, flag, role, Dictionary, Strength};
use super::tokenize::tokenize_into;
use super::Category;

/// The broad class of a column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeClass {
    /// geometry, geography, point, polygon, … (PostGIS and MySQL spatial).
    Spatial,
    Bool,
    /// smallint, tinyint: flags, enums, small counters.
    SmallInt,
    /// int, bigint, serial: counters and ids (and the odd numeric phone).
    Int,
    /// real, double, numeric, decimal.
    Float,
    Date,
    Timestamp,
    /// time, interval, year.
    Time,
    Uuid,
    /// inet, cidr.
    Inet,
    Json,
    Binary,
    /// char/varchar/text; `len` is the declared length when there is one.
    Text {
        len: Option<u32>,
    },
    /// enum(...) / set(...): a closed list of labels.
    Enum,
    /// Unknown or user-defined type: judged like text.
    Other,
}

impl TypeClass {
    pub fn of(data_type: &str) -> TypeClass {
        let lower = data_type.trim().to_ascii_lowercase();
        let mut s = lower.as_str();
        // Arrays: judge the element type.
        if let Some(inner) = s.strip_suffix("[]") {
            s = inner.trim_end();
        }
        if let Some(inner) = s.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
            s = inner;
        }
        // Schema-qualified types (`public.geometry`, `extensions.geography`).
        let head_end = s.find('(').unwrap_or(s.len());
        if let Some(dot) = s[..head_end].rfind('.') {
            s = &s[dot + 1..];
        }
        let s = s.trim_matches('"');
        let base = s
            .split(|c: char| c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("");
        let len = s
            .find('(')
            .and_then(|i| s[i + 1..].split([')', ',']).next())
            .and_then(|n| n.trim().parse::<u32>().ok());
        match base {
            "geometry" | "geography" | "point" | "polygon" | "multipolygon" | "linestring"
            | "multilinestring" | "multipoint" | "geometrycollection" | "geomcollection"
            | "box2d" | "box3d" | "raster" => TypeClass::Spatial,
            "bool" | "boolean" | "bit" => TypeClass::Bool,
            "tinyint" if len == Some(1) => TypeClass::Bool,
            "tinyint" | "smallint" | "int2" | "smallserial" | "serial2" | "int1" => {
                TypeClass::SmallInt
            }
            "int" | "integer" | "int4" | "int8" | "bigint" | "serial" | "bigserial" | "serial4"
            | "serial8" | "mediumint" | "long" => TypeClass::Int,
            "real" | "float" | "float4" | "float8" | "double" | "numeric" | "decimal"
            | "number" | "dec" | "money" | "smallmoney" => TypeClass::Float,
            "date" => TypeClass::Date,
            "timestamp" | "timestamptz" | "datetime" | "datetime2" | "smalldatetime"
            | "datetimeoffset" => TypeClass::Timestamp,
            "time" | "timetz" | "interval" | "year" => TypeClass::Time,
            "uuid" | "uniqueidentifier" => TypeClass::Uuid,
            "inet" | "cidr" => TypeClass::Inet,
            "json" | "jsonb" | "hstore" => TypeClass::Json,
            "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary"
            | "image" | "oid" => TypeClass::Binary,
            "char" | "character" | "varchar" | "nvarchar" | "nchar" | "text" | "tinytext"
            | "mediumtext" | "longtext" | "string" | "citext" | "clob" | "nclob" | "varchar2"
            | "nvarchar2" | "ntext" => TypeClass::Text { len },
            "enum" | "set" => TypeClass::Enum,
            _ => TypeClass::Other,
        }
    }

    /// Types that never hold PI of their own, whatever the name says.
    pub fn is_flag_like(self) -> bool {
        matches!(
            self,
            TypeClass::Bool
                | TypeClass::SmallInt
                | TypeClass::Time
                | TypeClass::Uuid
                | TypeClass::Enum
        ) || matches!(self, TypeClass::Text { len: Some(n) } if n <= 2)
    }
}

/// Facts about a table that change how its columns read.
#[derive(Debug, Default)]
pub(crate) struct TableContext {
    /// The rows are people (`users`, `customers`, `user_details`).
    pub people: bool,
    /// The rows are (or hold) postal addresses.
    pub address: bool,
    /// The rows are deliveries of messages or codes (the `address` is where it went).
    pub delivery: bool,
    /// Sessions, devices, visits: a `city` or `location` is IP-geolocated.
    pub telemetry: bool,
    /// Clearly not people (`projects`, `tags`, `templates`).
    pub thing: bool,
    /// Payment-card context.
    pub payment: bool,
    /// The table has both a latitude-like and a longitude-like column.
    pub coordinates: bool,
    /// The table's last word, for `value` columns in `*_addresses`/`*_emails`.
    pub head: String,
    /// What a `value`/`number` column holds in a table named after it
    /// (`phone_numbers` → phones, `emails` → e-mail addresses).
    pub value_category: Option<Category>,
    /// The rows are organisations, sites or facilities (`stores`, `clinics`,
    /// CRM `accounts` with a website and no person columns): their own
    /// contact data is not a person's.
    pub org: bool,
    /// Text messages: a recipient is a phone number.
    pub sms: bool,
    /// Pictures of people (`avatars`): their image files are avatars.
    pub avatar: bool,
    /// Geofences: a text `area` is a geometry.
    pub geofence: bool,
    /// A messenger or social network named by the table
    /// (`flickr_identities`): its usernames are handles.
    pub network: bool,
    /// At least two bounding-box sides (`north`, `sw_lat`, `max_lng`).
    pub bounds: bool,
    /// Some column is a street, house number or postal code: the table holds
    /// addresses, so its place words (`city`, `country`) are address parts.
    pub holds_address: bool,
    /// A column names the person something is delivered to (`consignee`,
    /// `receiver_name`): the table's bare `address` is theirs.
    pub recipient: bool,
    /// A machine identity names the table (`oauth_clients`, `api_users`).
    pub machine: bool,
    /// Columns for a given name and a family name: the rows are people,
    /// whatever the table is called (`m_appuser`, `clients`).
    pub named_people: bool,
    /// Identity documents of people (`client_identifiers`,
    /// `patient_business_identifiers`, `user_documents`): the number
    /// column holds the document's number, whatever it is called.
    pub id_documents: bool,
    /// A register of card number ranges (IIN/BIN to issuer, network,
    /// country) with no person in it: its card and bank columns describe
    /// issuers, not anyone's card.
    pub card_ranges: bool,
    /// A card's last digits and its expiry side by side: payment-card
    /// context.
    pub card_summary: bool,
    /// A register of places (`geolocalisation_code_postal`,
    /// `zipcodes`, `gazetteer`): its postal codes and place codes are no
    /// one's address.
    pub gazetteer: bool,
    /// A key to an organisation's row (`enterprise_id`, `company_id`) and
    /// none to a person's (audit columns aside): with a name that says
    /// nothing, the row is the organisation's (an enterprise's invoicing
    /// data, its bank account).
    pub org_owned: bool,
    /// The row's only name is a company's (`schuldeiser.bedrijfsnaam`, no
    /// person's name beside it).
    pub company_named: bool,
    /// A key-value table (`name` beside `value`): the name is a key's.
    pub key_value: bool,
    /// Messages the system sends by itself (`automated_emails`,
    /// `system_notifications`, `newsletters`): their sender is the
    /// organisation.
    pub system_mail: bool,
    /// Records of changes (`email_change_events`, `address_updates`): a
    /// `from_`/`to_` column is the old or new value, not a sender.
    pub changes: bool,
    /// Stored payment cards (`cards`, `payment_methods`, a table with a
    /// card number): the address in them is the cardholder's billing
    /// address, a nickname is the card's.
    pub cards: bool,
    /// A log or record that is no one's address, with a column for the
    /// client's IP address (`login_log(ip, location)`): its places are
    /// looked up from that address.
    pub ip_located: bool,
    /// Columns named after two or more social networks (`facebook_id`,
    /// `linkedin_id`): a person's list of accounts, typed in by hand.
    pub social_accounts: bool,
    /// Columns that are keys, by the words before their `id`
    /// (`creator_id` → `creator`): a column named by those words alone
    /// is the display value of the same key.
    pub keyed: Vec<String>,
}

impl TableContext {
    pub fn new(
        table_name: &str,
        column_tokens: &[Vec<String>],
        types: &[TypeClass],
    ) -> TableContext {
        let dict = dictionary();
        let mut tokens = Vec::new();
        tokenize_into(table_name, &mut tokens);
        let tokens = split_compounds(dict, tokens);
        let words: Vec<&str> = tokens
            .iter()
            .map(String::as_str)
            .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
            .collect();
        // A copy of a table for auditing or history (`users_audit`,
        // Envers' `_aud`, `eg_user_audit_table`, `orders_history`) holds
        // the rows of the table it copies.
        let mut words = words;
        while words.len() > 1
            && words.last().is_some_and(|w| {
                matches!(
                    *w,
                    "audit"
                        | "aud"
                        | "audits"
                        | "history"
                        | "hist"
                        | "archive"
                        | "archived"
                        | "backup"
                        | "bak"
                        | "snapshot"
                        | "snapshots"
                        | "shadow"
                        | "table"
                        | "tbl"
                )
            })
        {
            words.pop();
        }
        let mut ctx = TableContext::default();
        let Some(&last) = words.last() else {
            return ctx;
        };
        ctx.head = last.to_string();
        let last_role = role_of(dict, last);
        let any = |bit: u32| words.iter().any(|w| role_of(dict, w) & bit != 0);
        // Neighbouring columns say what the rows are.
        let (person_marks, org_marks, business_id) = ctx.read_columns(dict, column_tokens);
        // `oauth_clients`, `api_users`, `service_accounts`: machines; but a
        // machine has no first and last name (`app_users(firstname, lastname)`
        // are the people who use the app).
        let machine = any(role::MACHINE) && !ctx.named_people;
        ctx.machine = machine;
        ctx.people = !machine
            && (last_role & role::PEOPLE != 0
                || (last_role & role::DETAIL != 0
                    && words[..words.len() - 1].iter().any(|w| role_of(dict, w) & role::PEOPLE != 0))
                // A table named just `profiles` holds people's profiles.
                || (words.len() == 1 && matches!(last, "profile" | "profiles" | "perfil" | "perfiles" | "perfis" | "profil" | "profils" | "profili")));
        ctx.address = any(role::ADDRESS_T);
        ctx.delivery = any(role::DELIVERY_T);
        ctx.telemetry = any(role::TELEMETRY_T);
        ctx.payment = any(role::PAYMENT) || ctx.card_summary;
        ctx.cards |= words.iter().any(|w| matches!(*w, "card" | "cards"))
            || words.windows(2).any(|p| {
                p[0] == "payment"
                    && matches!(
                        p[1],
                        "method" | "methods" | "source" | "sources" | "instrument" | "instruments"
                    )
            });
        // `repository_entry`, `project_details`: a detail of a thing.
        let thing_detail = matches!(
            last,
            "entry"
                | "entries"
                | "detail"
                | "details"
                | "info"
                | "information"
                | "data"
                | "attributes"
                | "metadata"
                | "settings"
        ) && words[..words.len() - 1]
            .iter()
            .any(|w| role_of(dict, w) & role::THING_T != 0)
            && !any(role::PEOPLE);
        ctx.thing = !ctx.people && (last_role & role::THING_T != 0 || thing_detail);
        ctx.gazetteer = !any(role::PEOPLE)
            && words.iter().any(|w| {
                matches!(
                    *w,
                    "geolocalisation"
                        | "geolocation"
                        | "geocode"
                        | "geocodes"
                        | "gazetteer"
                        | "postcode"
                        | "postcodes"
                        | "zipcode"
                        | "zipcodes"
                        // Registers of municipalities and of places
                        // (`commune`, DomiFa's `open_data_places`).
                        | "commune"
                        | "communes"
                        | "municipality"
                        | "municipalities"
                        | "places"
                        | "lieux"
                )
            });
        ctx.system_mail = words.iter().any(|w| {
            matches!(
                *w,
                "automated"
                    | "automatic"
                    | "auto"
                    | "system"
                    | "transactional"
                    | "newsletter"
                    | "newsletters"
                    | "broadcast"
                    | "broadcasts"
                    | "bulk"
                    | "marketing"
            )
        }) && ctx.delivery;
        ctx.changes = words.iter().any(|w| {
            matches!(
                *w,
                "change"
                    | "changes"
                    | "changed"
                    | "update"
                    | "updates"
                    | "modification"
                    | "modifications"
            )
        });
        ctx.sms = any(role::SMS_T);
        ctx.avatar = any(role::AVATAR_T);
        ctx.geofence = any(role::GEOFENCE_T);
        ctx.network = words
            .iter()
            .any(|w| dict.term(w).is_some_and(|t| t.flags & flag::NETWORK != 0));
        ctx.value_category = value_category(dict, &words);
        ctx.id_documents = matches!(
            last,
            "identifier"
                | "identifiers"
                | "identification"
                | "identifications"
                | "document"
                | "documents"
        ) && !machine
            && words[..words.len() - 1].iter().any(|w| {
                role_of(dict, w) & role::PEOPLE != 0 || matches!(*w, "client" | "clients")
            });
        // CRM `accounts`: companies when they have a website and no person
        // columns; so are their details (`partner_profiles`).
        let ambiguous = |w: &str| {
            matches!(
                w,
                "account"
                    | "accounts"
                    | "partner"
                    | "partners"
                    | "conta"
                    | "contas"
                    | "cuenta"
                    | "cuentas"
                    | "compte"
                    | "comptes"
                    | "konto"
                    | "konten"
            )
        };
        let ambiguous_head = ambiguous(last)
            || (last_role & role::DETAIL != 0
                && words.len() >= 2
                && ambiguous(words[words.len() - 2]));
        // `user_details`-like details of an organisation, and its units
        // (`organisation_unit`, DHIS2's `organisationunit`, `org_units`):
        // an office, a facility or a department.
        let org_detail = (last_role & role::DETAIL != 0 || matches!(last, "unit" | "units"))
            && words[..words.len() - 1]
                .iter()
                .any(|w| role_of(dict, w) & role::ORG_T != 0);
        // `channel_email`, `inboxes`: the organisation's own channels (but
        // `notification_channels` are where a user is notified).
        let channel = role_of(dict, words[0]) & role::CHANNEL_T != 0 && !any(role::PEOPLE);
        // A table named just `location(s)` is a register of sites (a
        // clinic, a warehouse), not of where people live.
        let sites = words.len() == 1 && matches!(last, "location" | "locations");
        // A name that says nothing of whose the row is (`car_mstr`: an ERP
        // master record of something unnamed).
        let says_nothing = last_role & !role::DETAIL == 0 && !any(role::PEOPLE);
        ctx.org = !ctx.people && (last_role & role::ORG_T != 0 || org_detail || channel || sites)
            || (ambiguous_head && org_marks && !person_marks)
            // A table whose name says nothing known, with a business
            // registration number and no person's marks: a company's record.
            || (says_nothing && business_id && !person_marks)
            || (says_nothing && ctx.org_owned && !person_marks)
            // A table whose name says nothing known, whose only name is a
            // company's (a creditor's `bedrijfsnaam`, street and postcode):
            // the company's own record.
            || (says_nothing && ctx.company_named && !person_marks);
        if ctx.org {
            ctx.people = false;
        }
        // `demo(name, sex, birthday)`: a record of a person whatever its name.
        if person_marks && !machine && !ctx.thing && !ctx.org {
            ctx.people = true;
        }
        ctx.thing &= !ctx.people;
        ctx.coordinates = has_coordinates(dict, column_tokens, types);
        let ip = column_tokens.iter().any(|c| c.iter().any(|t| t == "ip"))
            || types.iter().any(|t| matches!(t, TypeClass::Inet));
        // Logs and records of events, not inventories (`servers(ip, region)`).
        let log = words.iter().any(|w| {
            matches!(
                *w,
                "log"
                    | "logs"
                    | "logging"
                    | "journal"
                    | "event"
                    | "events"
                    | "access"
                    | "trail"
                    | "activity"
                    | "activities"
                    | "token"
                    | "tokens"
                    | "visit"
                    | "visits"
                    | "request"
                    | "requests"
            )
        });
        ctx.ip_located = ip
            && log
            && !ctx.people
            && !ctx.address
            && !ctx.holds_address
            && !ctx.org
            && !ctx.coordinates
            && !ctx.gazetteer;
        ctx
    }

    /// Marks of the neighbouring columns: whether they mark a person's and
    /// an organisation's record; records recipients, addresses and bounds.
    fn read_columns(
        &mut self,
        dict: &Dictionary,
        column_tokens: &[Vec<String>],
    ) -> (bool, bool, bool) {
        let (mut person_marks, mut org_marks, mut bounds) = (false, false, 0);
        let mut business_id = false;
        let (mut given, mut family) = (false, false);
        let (mut iin, mut issuer, mut person_ref) = (false, false, false);
        let (mut org_key, mut person_key) = (false, false);
        let (mut card_last, mut card_expiry, mut bare_nom) = (false, false, false);
        let (mut company_name, mut person_name) = (false, false);
        let (mut bare_key, mut bare_value) = (false, false);
        let mut networks = 0;
        // Scratch space for joined words, reused across columns.
        let mut scratch = String::new();
        for col in column_tokens {
            let r = col_roles(dict, col, &mut scratch);
            person_marks |= r & role::PERSON_MARKER != 0;
            self.recipient |= col.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "consignee"
                        | "addressee"
                        | "receiver"
                        | "recipient"
                        | "destinatario"
                        | "destinataire"
                        | "empfaenger"
                        | "penerima"
                        | "alici"
                        | "poluchatel"
                )
            });
            org_marks |= r & role::ORG_MARKER != 0;
            let whole: String = col.concat();
            company_name |= COMPANY_NAMES.contains(&whole.as_str());
            bare_key |= matches!(whole.as_str(), "name" | "nome" | "nom" | "nombre" | "naam");
            bare_value |= matches!(
                whole.as_str(),
                "value" | "valor" | "valeur" | "valore" | "wert" | "waarde"
            );
            person_name |= dict.term(&whole).is_some_and(|t| {
                t.category == Some(Category::PersonName) && t.strength != Strength::Not
            });
            iin |= matches!(
                whole.as_str(),
                "iin"
                    | "bin"
                    | "cardiin"
                    | "cardbin"
                    | "iinstart"
                    | "binstart"
                    | "binrange"
                    | "iinrange"
            );
            issuer |= col
                .iter()
                .any(|t| matches!(t.as_str(), "issuer" | "issuing"));
            person_ref |= col.iter().any(|t| dict.role(t) & role::PEOPLE != 0);
            networks += usize::from(
                col.first()
                    .is_some_and(|t| dict.term(t).is_some_and(|t| t.flags & flag::NETWORK != 0)),
            );
            if let Some((last, owner)) = col.split_last() {
                if last == "id" && !owner.is_empty() {
                    self.keyed.push(owner.join("_"));
                }
                let key = matches!(last.as_str(), "id" | "uuid" | "key" | "no" | "code");
                // Who created or changed the row is no owner of it.
                let audit = owner.iter().any(|t| {
                    matches!(
                        t.as_str(),
                        "create"
                            | "created"
                            | "creator"
                            | "update"
                            | "updated"
                            | "updater"
                            | "modify"
                            | "modified"
                            | "modifier"
                            | "delete"
                            | "deleted"
                            | "operator"
                            | "by"
                            | "last"
                            | "approve"
                            | "approver"
                    )
                });
                if key && !audit && !owner.is_empty() {
                    org_key |= owner.iter().all(|t| {
                        matches!(
                            t.as_str(),
                            "company"
                                | "enterprise"
                                | "organization"
                                | "organisation"
                                | "org"
                                | "merchant"
                                | "supplier"
                                | "vendor"
                                | "corp"
                                | "corporation"
                                | "firm"
                                | "empresa"
                        )
                    });
                    person_key |= owner
                        .iter()
                        .any(|t| dict.role(t) & (role::PEOPLE | role::PERSON) != 0);
                }
            }
            business_id |= r & role::BUSINESS_ID != 0;
            bare_nom |= whole == "nom";
            if let Some(t) = dict.term(&whole) {
                bounds += usize::from(t.flags & flag::BOUND != 0);
                // A birth date or year (`annee_naissance`) is a person's.
                person_marks |=
                    t.strength != Strength::Not && t.category == Some(Category::PersonBirthDate);
                // The last digits and the expiry of a card side by side
                // (`last4`, `exp_month`): a card's summary, whatever the
                // table is called.
                card_last |= t.flags & flag::CARD != 0 && t.text.starts_with("last");
                card_expiry |= t.flags & flag::CARD != 0 && t.text.starts_with("exp");
                // A card number makes the row a stored card (a card vault's
                // `locker_mock_up`).
                self.cards |= t.strength == Strength::Strong
                    && t.category == Some(Category::FinancialCard)
                    && t.text.contains('_')
                    && matches!(t.text.rsplit('_').next(), Some("number" | "no" | "num"));
                if t.strength == Strength::Strong && t.category == Some(Category::PersonName) {
                    given |= GIVEN_NAMES.contains(&t.text);
                    family |= FAMILY_NAMES.contains(&t.text);
                }
            }
            let address_term = |k: &str| {
                dict.term(k).is_some_and(|t| {
                    t.category == Some(Category::ContactAddress)
                        && matches!(t.strength, Strength::Strong | Strength::Medium)
                })
            };
            // `street`, `address_line1`, `office_address_line1`: any
            // ending of the name (digits aside) that is an address term.
            let words: Vec<&str> = col
                .iter()
                .map(String::as_str)
                .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
                .collect();
            self.holds_address |= address_term(&whole)
                || dict
                    .longest_ending_at(&words, words.len(), &mut scratch, |s, _| {
                        address_term(s).then_some(())
                    })
                    .is_some();
            // `annee_naissance`: a name that ends in a birth term marks a
            // person's record.
            person_marks |= words.len() > 1
                && dict
                    .longest_ending_at(&words, words.len(), &mut scratch, |s, _| {
                        dict.term(s)
                            .filter(|t| {
                                t.category == Some(Category::PersonBirthDate)
                                    && t.strength != Strength::Not
                            })
                            .map(|_| ())
                    })
                    .is_some();
        }
        self.bounds = bounds >= 2;
        self.social_accounts = networks >= 2;
        self.card_ranges = iin && issuer && !person_ref;
        self.org_owned = org_key && !person_key;
        self.company_named = company_name && !person_name;
        self.key_value = bare_key && bare_value;
        // French `nom` beside `prenom` is the family name.
        self.named_people = given && (family || bare_nom);
        self.card_summary = card_last && card_expiry;
        (person_marks || self.named_people, org_marks, business_id)
    }
}

/// A company's name as a whole column name (words joined), in the
/// dictionary's languages: EN company/business/firm/trade name, NL
/// bedrijfsnaam, DE Firmenname, FR raison sociale and nom d'entreprise,
/// ES razón social, PT razão social, IT ragione sociale, TR şirket adı,
/// ID nama perusahaan.
const COMPANY_NAMES: &[&str] = &[
    "companyname",
    "businessname",
    "firmname",
    "tradename",
    "bedrijfsnaam",
    "firmenname",
    "raisonsociale",
    "nomentreprise",
    "razonsocial",
    "nombreempresa",
    "razaosocial",
    "nomeempresa",
    "ragionesociale",
    "sirketadi",
    "namaperusahaan",
];

/// Given names and family names as whole column names, in the languages of
/// the dictionary: a table with one of each holds people.
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "first_name",
    "given_name",
    "given_names",
    "forename",
    "forenames",
    "first_names",
    "name_first",
    "fname",
    "first_nm",
    "vorname",
    "rufname",
    "prenom",
    "primer_nombre",
    "primeiro_nome",
    "imya",
    "voornaam",
    "fornavn",
    "fornamn",
    "imie",
    "jmeno",
    "keresztnev",
    "etunimi",
    "nama_depan",
    // Initials where a register keeps no given name (Dutch `voorletters`).
    "voorletters",
];
pub(crate) const FAMILY_NAMES: &[&str] = &[
    "last_name",
    "family_name",
    "surname",
    "surnames",
    "last_names",
    "name_last",
    "lname",
    "last_nm",
    "nachname",
    "familienname",
    "nom_famille",
    "nom_de_famille",
    "apellido",
    "apellidos",
    "primer_apellido",
    "sobrenome",
    "ultimo_nome",
    "cognome",
    "familiya",
    "soyad",
    "soyadi",
    "soyisim",
    "achternaam",
    "etternavn",
    "efternavn",
    "efternamn",
    "nazwisko",
    "prijmeni",
    "vezeteknev",
    "sukunimi",
    "nama_belakang",
];

/// A latitude and a longitude column (of types that can hold them).
fn has_coordinates(dict: &Dictionary, column_tokens: &[Vec<String>], types: &[TypeClass]) -> bool {
    let (mut lat, mut lon) = (false, false);
    for (col, ty) in column_tokens.iter().zip(types) {
        // A `long` boolean is not a longitude.
        if ty.is_flag_like()
            || matches!(
                ty,
                TypeClass::Date | TypeClass::Timestamp | TypeClass::Json | TypeClass::Binary
            )
        {
            continue;
        }
        for t in coordinate_terms(dict, col) {
            lat |= t & flag::LAT != 0;
            lon |= t & flag::LON != 0;
        }
    }
    lat && lon
}

/// Role bits of a column's words and of adjacent pairs (`toll_free`).
fn col_roles(dict: &Dictionary, col: &[String], pair: &mut String) -> u32 {
    let mut r = 0;
    for (i, t) in col.iter().enumerate() {
        r |= dict.role(t);
        if let Some(next) = col.get(i + 1) {
            pair.clear();
            pair.push_str(t);
            pair.push('_');
            pair.push_str(next);
            r |= dict.role(pair);
        }
    }
    r
}

/// The category a table's name gives its value column: `phone_numbers`,
/// `user_emails`, `addresses`.
fn value_category(dict: &Dictionary, words: &[&str]) -> Option<Category> {
    let n = words.len();
    let mut keys = Vec::with_capacity(2);
    if n >= 2 {
        keys.push(format!("{}{}", words[n - 2], words[n - 1]));
    }
    keys.push(words[n - 1].to_string());
    for k in keys {
        let singular = k
            .strip_suffix("es")
            .filter(|h| h.ends_with("ss"))
            .or_else(|| k.strip_suffix('s'));
        for key in [Some(k.as_str()), singular].into_iter().flatten() {
            if let Some(t) = dict.term(key) {
                if t.flags & flag::ADDRESS_WORD != 0 {
                    return Some(Category::ContactAddress);
                }
                if matches!(
                    t.category,
                    Some(
                        Category::ContactEmail | Category::ContactPhone | Category::ContactAddress
                    )
                ) && t.strength != Strength::Not
                {
                    return t.category;
                }
            }
        }
    }
    None
}

/// Role bits of a table word, trying its singular too.
fn role_of(dict: &Dictionary, word: &str) -> u32 {
    let r = dict.role(word);
    if r != 0 {
        return r;
    }
    if let Some(s) = word.strip_suffix('s') {
        return dict.role(s);
    }
    0
}

/// LAT/LON flags of a column: its whole squashed name, or its last token.
fn coordinate_terms<'a>(
    dict: &'a Dictionary,
    tokens: &'a [String],
) -> impl Iterator<Item = u16> + 'a {
    let whole: String = tokens.concat();
    let whole_flags = dict.term(&whole).map(|t| t.flags).unwrap_or(0);
    let last_flags = tokens
        .last()
        .and_then(|t| dict.term(t))
        .map(|t| t.flags)
        .unwrap_or(0);
    [whole_flags, last_flags].into_iter()
}

/// Split long unknown tokens into known words (`customeremail` →
/// `customer email`, `kundenname` → `kunden name`); tokens that do not split
/// completely into known words stay as they are (`gzipsize`).
pub(crate) fn split_compounds(dict: &Dictionary, tokens: Vec<String>) -> Vec<String> {
    // Five-letter words only split as `swlat`-like coordinates.
    let may_split = |t: &str| {
        t.len() >= 5
            && t.is_ascii()
            && (t.len() >= 6 || coordinate_suffix(t).is_some())
            && !dict.knows(t)
    };
    if !tokens.iter().any(|t| may_split(t)) {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len() + 2);
    for t in tokens {
        if !may_split(&t) {
            out.push(t);
            continue;
        }
        if let Some((head, tail)) = coordinate_suffix(&t) {
            out.push(head.to_string());
            out.push(tail.to_string());
            continue;
        }
        if t.len() < 6 {
            out.push(t);
            continue;
        }
        match segment(dict, &t) {
            Some(parts) => out.extend(parts),
            None => out.push(t),
        }
    }
    out
}

/// `motionlatitude` → `motion latitude`, `swlat` → `sw lat`, `nelng` →
/// `ne lng`, `institutionalemail` → `institutional email`: the coordinate
/// words, `email` and `address` are long and unambiguous at the end of a
/// word, and the short coordinate words only after a compass corner.
fn coordinate_suffix(t: &str) -> Option<(&str, &str)> {
    for long in ["latitude", "longitude", "email", "address"] {
        if let Some(head) = t.strip_suffix(long).filter(|h| h.len() >= 2) {
            return Some((head, &t[head.len()..]));
        }
    }
    for short in ["lat", "lng", "lon"] {
        if let Some(head) = t.strip_suffix(short) {
            if matches!(head, "sw" | "ne" | "nw" | "se" | "min" | "max") {
                return Some((head, &t[head.len()..]));
            }
        }
    }
    None
}

/// The segmentation of `word` into the fewest known words of ≥ 2 letters
/// (at most 4), if any.
fn segment(dict: &Dictionary, word: &str) -> Option<Vec<String>> {
    let n = word.len();
    if n > 40 {
        return None;
    }
    // best[i] = (pieces, previous cut) for word[..i]
    let mut best: Vec<Option<(u8, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 2..=n {
        for start in (0..=end - 2).rev() {
            let Some((count, _)) = best[start] else {
                continue;
            };
            if count >= 4 {
                continue;
            }
            let piece = &word[start..end];
            let known = dict.knows(piece)
                || (piece.len() > 3
                    && piece.ends_with('s')
                    && dict.knows(&piece[..piece.len() - 1]));
            if known && best[end].is_none_or(|(c, _)| count + 1 < c) {
                best[end] = Some((count + 1, start));
            }
        }
    }
    let (count, _) = best[n]?;
    if count < 2 {
        return None;
    }
    let mut parts = Vec::with_capacity(count as usize);
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        parts.push(word[start..end].to_string());
        end = start;
    }
    parts.reverse();
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(w: &str) -> Vec<String> {
        split_compounds(dictionary(), vec![w.to_string()])
    }

    #[test]
    fn types() {
        assert_eq!(TypeClass::of("geometry(Point,4326)"), TypeClass::Spatial);
        assert_eq!(
            TypeClass::of("public.geometry(linestringm,4269)"),
            TypeClass::Spatial
        );
        assert_eq!(TypeClass::of("POINT"), TypeClass::Spatial);
        assert_eq!(
            TypeClass::of("character varying(255)"),
            TypeClass::Text { len: Some(255) }
        );
        assert_eq!(
            TypeClass::of("character varying[]"),
            TypeClass::Text { len: None }
        );
        assert_eq!(
            TypeClass::of("timestamp with time zone"),
            TypeClass::Timestamp
        );
        assert_eq!(TypeClass::of("tinyint(1)"), TypeClass::Bool);
        assert_eq!(TypeClass::of("int2"), TypeClass::SmallInt);
        assert_eq!(TypeClass::of("numeric(11,0)"), TypeClass::Float);
        assert_eq!(TypeClass::of("inet"), TypeClass::Inet);
        assert_eq!(TypeClass::of("enum('a','b')"), TypeClass::Enum);
        assert_eq!(TypeClass::of(""), TypeClass::Other);
    }

    #[test]
    fn given_and_family_names_are_strong_name_terms() {
        let dict = dictionary();
        for w in GIVEN_NAMES.iter().chain(FAMILY_NAMES) {
            let key: String = w.chars().filter(|&c| c != '_').collect();
            let t = dict
                .term(&key)
                .unwrap_or_else(|| panic!("`{w}` is no term"));
            assert_eq!(t.text, *w, "`{w}` is read as `{}`", t.text);
            assert_eq!(t.strength, Strength::Strong, "{w}");
            assert_eq!(t.category, Some(Category::PersonName), "{w}");
        }
    }

    #[test]
    fn compounds() {
        assert_eq!(split("customeremail"), ["customer", "email"]);
        assert_eq!(split("kundenname"), ["kunden", "name"]);
        assert_eq!(split("gzipsize"), ["gzipsize"]);
        assert_eq!(split("organisationunit"), ["organisation", "unit"]);
        assert_eq!(split("incomingsms"), ["incoming", "sms"]);
        assert_eq!(split("username"), ["username"]);
        assert_eq!(split("telefonnummer"), ["telefonnummer"]);
    }

    #[test]
    fn table_context() {
        let t = |n: &str| TableContext::new(n, &[], &[]);
        assert!(t("users").people);
        assert!(t("user_details").people);
        assert!(t("EPerson").people);
        assert!(!t("EPersonGroup").people);
        assert!(t("tbl_clientes").people);
        assert!(!t("projects").people);
        assert!(t("projects").thing);
        assert!(t("customer_addresses").address);
        assert!(t("session_devices").telemetry);
        let cols = vec![
            vec!["pickup".to_string(), "lat".to_string()],
            vec!["pickup".to_string(), "lng".to_string()],
        ];
        let f = TypeClass::Float;
        assert!(TableContext::new("rides", &cols, &[f, f]).coordinates);
        assert!(!TableContext::new("rides", &cols, &[f, TypeClass::Bool]).coordinates);
        assert!(!t("oauth_clients").people);
    }
}
