//! The classifier's vocabulary: column-name terms per category, and the roles
//! single words play around them (qualifiers, modifiers, table nouns).
//!
//! Terms are token sequences written with `_` between tokens, in ASCII (the
//! tokenizer folds diacritics and transliterates Cyrillic). Every term is
//! indexed by its *squashed* form (tokens concatenated), so `date_of_birth`
//! also matches the column `dateofbirth` and `DateOfBirth`, while matching
//! stays on token boundaries: `compass_heading` never contains `pass`.

use super::Category;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the keys are short words, where SipHash's setup dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// How much a term says on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Unmistakable (`email`, `first_name`, `iban`): high confidence.
    Strong,
    /// Usually PI but with known other uses (`mobile`, `mail`, `display_name`).
    Medium,
    /// PI in a table of people or with a person qualifier, else a weak guess.
    Context,
    /// A person's by default (`avatar`, `nickname`, `consignee`): PI unless
    /// the table is a thing or an organisation, or a non-person owns it.
    Lean,
    /// Only ever a weak guess.
    Weak,
    /// A bare word (`name`, `first`, `address`, `city`): PI only when the rest
    /// of the name is neutral and the table (or a qualifier) says whose it is.
    Bare,
    /// Looks like PI but is not (`username`, `hostname`, `last4`); `category`
    /// may still name secondary PI.
    Not,
}

/// Extra conditions on a term.
pub(crate) mod flag {
    /// Short, ambiguous abbreviation (`rg`, `inn`, `nie`): only trusted when the
    /// rest of the name is number-ish (`rg_numero`) or a person (`cliente_rg`).
    pub const SHORT: u16 = 1;
    /// Needs payment-card context in the column or table (`pan`, `exp_month`).
    pub const CARD: u16 = 2;
    /// Weak coordinate name (`lat`, `lng`, `long`): trusted only when the table
    /// has both a latitude and a longitude.
    pub const PAIR: u16 = 4;
    /// Geographic attribute trusted only next to coordinates (`altitude`).
    pub const GEO_AUX: u16 = 8;
    /// Counts as a latitude for pair detection.
    pub const LAT: u16 = 16;
    /// Counts as a longitude for pair detection.
    pub const LON: u16 = 32;
    /// `address`: postal in a table of people, e-mail/phone in a delivery table.
    pub const ADDRESS_WORD: u16 = 64;
    /// `city`, `region`, `location`: part of a postal address in an address
    /// table, IP geolocation in a session table.
    pub const PLACE_WORD: u16 = 128;
    /// `value`: the address itself in `*_addresses`, `*_emails`, `*_phones`.
    pub const VALUE_WORD: u16 = 256;
    /// `recipient`, `to`: an address in a delivery table.
    pub const RECIPIENT_WORD: u16 = 512;
    /// `numero`, `line`: part of an address, only in a table of addresses.
    pub const ADDR_PART: u16 = 1024;
    /// A bounding-box side (`north`, `sw_lat`): coordinates when the table
    /// has at least two sides or a latitude/longitude pair.
    pub const BOUND: u16 = 2048;
    /// A messenger or social network (`twitter`, `wechat`): its `username`,
    /// `handle`, `id` in text is a person's account there.
    pub const NETWORK: u16 = 4096;
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Term {
    pub category: Option<Category>,
    pub strength: Strength,
    pub flags: u16,
    /// The term as written in the dictionary, for evidence.
    pub text: &'static str,
}

use Category::*;
use Strength::*;

/// `(category, strength, flags, terms separated by whitespace)`.
type Entry = (Option<Category>, Strength, u16, &'static str);

const F0: u16 = 0;

#[rustfmt::skip]
const TERMS: &[Entry] = &[
    // ---- person.name --------------------------------------------------------
    (Some(PersonName), Strong, F0, "
        first_name last_name middle_name full_name given_name given_names family_name maiden_name
        surname surnames forename forenames first_names last_names middle_names middle_initial
        legal_name real_name birth_name married_name christian_name
        name_first name_last name_middle name_full fname lname mname first_nm last_nm
        person_name personal_name contact_name contact_person customer_name client_name
        employee_name patient_name member_name student_name user_full_name author_name
        committer_name beneficiary_name holder_name cardholder_name account_holder
        account_holder_name cardholder recipient_name sender_name payee_name payer_name
        guardian_name parent_name father_name mother_name spouse_name emergency_contact_name
        husband_name wife_name son_name daughter_name brother_name sister_name
        next_of_kin applicant_name candidate_name passenger_name guest_name driver_name
        vorname nachname familienname geburtsname rufname vollname
        prenom nom_famille nom_de_famille nom_complet nom_usage nom_naissance
        apellido apellidos primer_apellido segundo_apellido primer_nombre segundo_nombre
        nombre_completo nombres nombre_y_apellido
        sobrenome nome_completo primeiro_nome ultimo_nome nome_social nome_mae nome_pai
        cognome nome_e_cognome
        familiya imya otchestvo fio patronymic patronym imya_otchestvo polnoe_imya
        soyad soyadi soyisim ad_soyad adi_soyadi
        voornaam achternaam tussenvoegsel roepnaam fornavn etternavn efternavn efternamn fornamn mellomnavn
        imie nazwisko jmeno prijmeni prezime ime_prezime vezeteknev keresztnev sukunimi etunimi
        nama_lengkap nama_depan nama_belakang nama_pelanggan nama_pengguna nama_penerima
        xingming zhenshi_xingming ad_soyadi_tam nama_ibu nama_ayah
        consignee_name addressee_name receiver_name shipper_name consignor_name nominee_name
        heir_name child_name children_name kid_name relative_name dependent_name dependant_name
        caregiver_name witness_name insured_name policyholder_name buyer_name seller_contact_name
        nome_destinatario nombre_destinatario nom_destinataire nome_remetente nombre_remitente
        empfaenger_name empfangername absender_name poluchatel fio_poluchatelya
    "),
    // The cardholder's name (PCI DSS cardholder data) and the account
    // holder's, as payment forms write them: the name on the card.
    // Name particles (Dutch `tussenvoegsel`, `van`, `de`) are part of the
    // family name.
    (Some(PersonName), Strong, F0, "family_name_prefix last_name_prefix surname_prefix"),
    (Some(PersonName), Strong, F0, "
        name_on_card first_name_on_card middle_name_on_card last_name_on_card
        name_on_account name_on_check name_on_cheque
    "),
    (Some(PersonName), Medium, F0, "
        author authors committer initials name_initials titular nome_titular titular_nome
        apelido ism familiya_imya
        create_name update_name modify_name created_by_name updated_by_name creator_name
        modifier_name operator_name handler_name approver_name auditor_name reviewer_name
        uploader_name submitter_name requester_name assignee_name
    "),
    // A display name is a person's unless a thing or an organisation owns
    // it (`places.display_name`), as a nickname is.
    // Initials stand for the given names where a register keeps no more
    // (Dutch `voorletters`; DE Initialen, FR initiales, ES iniciales,
    // PT iniciais, IT iniziali).
    (Some(PersonName), Strong, F0, "voorletters"),
    (Some(PersonName), Medium, F0, "initialen initiales iniciales iniciais iniziali"),
    (Some(PersonName), Lean, F0, "display_name screen_display_name preferred_name"),
    (Some(PersonName), Context, F0, "
        pronunciation name_pronunciation phonetic_name name_phonetic name_kana name_kanji
        furigana
    "),
    (Some(PersonName), Lean, F0, "
        nickname nick  apodo apelido_usuario spitzname surnom soprannome takma_ad
        nama_panggilan nicheng
        consignee addressee destinatario destinataria destinataire empfaenger empfanger
        remitente remetente mittente absender expediteur penerima pengirim alici gonderen
        contact contato contacto contatto ansprechpartner ansprechperson persona_contacto
        referred_by shouhuoren shoujianren lianxiren donor guarantor
        guardian father mother spouse husband wife
    "),
    // People named by their function, as the whole column (`case_manager`):
    // see `FUNCTION_HOLDERS`.
    (Some(PersonName), Lean, F0, "
        manager supervisor instructor lecturer rep representative director coordinator
        caseworker judge headteacher headmaster headmistress
    "),
    (Some(PersonName), Bare, F0, "name nm first last middle full nome nombre nom naam navn namn isim ad adi nama"),
    (None, Bare, flag::ADDRESS_WORD, "address alamat dizhi"),
    (None, Bare, flag::PLACE_WORD, "
        location city town district region state province county suburb neighborhood
        neighbourhood locality municipality ciudad cidade stadt ville citta gorod oblast
        municipio estado provincia comune gemeinde
        country country_code country_area area area_code village colony ward prefecture canton
        subdistrict  taluk taluka tehsil mandal barangay kelurahan kecamatan
        kabupaten provinsi kota desa ilce comuna departamento distrito freguesia concelho
        bundesland landkreis kanton arrondissement departement raion rayon okrug selo poselok
        zone village_or_colony place place_name regency dusun rt rw rt_rw
        pays pais paese strana ulke negara
        insee code_insee insee_code
    "),
    // `elt`: the element column of a collection table (Hibernate mappings
    // such as DHIS2's `outbound_sms_recipients.elt`).
    (None, Bare, flag::VALUE_WORD, "value val elt"),
    (None, Bare, flag::RECIPIENT_WORD, "
        recipient to destination reply_to cc bcc sent_to recipient_address receiver target
        sent_from
    "),
    // The addresses of a short message as GSM 03.40 and SMPP name them (the
    // originator, SMPP's `source_addr` and `destination_addr`), and Korea's
    // public-data standard terms for sender and recipient (발신자 `SNDR`,
    // 수신자 `RCVER`).
    (None, Bare, flag::RECIPIENT_WORD, "
        originator originating_address source_addr dest_addr destination_addr sndr rcver
    "),
    // ---- person.birth_date ---------------------------------------------------
    (Some(PersonBirthDate), Strong, F0, "
        date_of_birth dob birth_date birthday birth_dt bday birth_time time_of_birth
        born_on born_at born_date
        geburtsdatum geburtstag geb_datum gebdat
        date_naissance date_de_naissance naissance
        fecha_nacimiento fecha_de_nacimiento fec_nac fecha_nac nacimiento
        data_nascimento data_de_nascimento dt_nascimento dt_nasc nascimento data_nasc
        data_nascita data_di_nascita
        data_rozhdeniya den_rozhdeniya dr_data
        dogum_tarihi dogum_gunu
        geboortedatum fodselsdato fodelsedatum data_urodzenia datum_narozeni
        tanggal_lahir tgl_lahir tanggal_kelahiran shengri chusheng_riqi date_naiss
        brthdy brdt
    "),
    (Some(PersonBirthDate), Weak, F0, "birth_year year_of_birth birth_month birth birth_place place_of_birth tempat_lahir"),
    // The place of birth in the dictionary's languages: a place, which the
    // rubric does not count, named with a birth word.
    (Some(PersonBirthDate), Weak, F0, "
        lieu_naissance lieu_de_naissance ville_naissance ville_de_naissance commune_naissance
        pays_naissance departement_naissance geburtsort lugar_nacimiento lugar_de_nacimiento
        local_nascimento local_de_nascimento cidade_nascimento luogo_nascita luogo_di_nascita
        mesto_rozhdeniya dogum_yeri geboorteplaats miejsce_urodzenia misto_narozeni
        pays_de_naissance departement_de_naissance
    "),
    // ---- person.national_id ---------------------------------------------------
    (Some(PersonNationalId), Strong, F0, "
        ssn social_security social_security_number social_security_no social_security_num
        national_id national_identifier national_id_number national_identity_number
        national_insurance national_insurance_number ni_number nino
        tax_id tax_identification_number taxpayer_id taxpayer_number personal_tax_id
        itin nhs_number medicare_number health_insurance_number
        cpf cpf_cnpj curp dni nif nir pesel snils aadhaar aadhar aadhaar_number aadhar_number
        nric bsn burgerservicenummer codice_fiscale
        steuer_id steueridentifikationsnummer steuernummer sozialversicherungsnummer
        svnr sv_nummer ahv ahv_nummer ahv_nr avs numero_avs
        numero_securite_sociale numero_secu securite_sociale num_secu
        numero_seguridad_social seguridad_social nss nuss cuil cuit
        numero_fiscale
        personnummer henkilotunnus hetu cpr_nummer fodselsnummer rodne_cislo
        egn jmbg amka ppsn cnp tckn tc_kimlik tc_kimlik_no tc_no kimlik_no tc_kimlik_numarasi
        drfo rnokpp inn_fl
        hkid mykad emirates_id iqama resident_registration_number my_number
        personal_id personal_number personal_identity_number person_id_number
        shenfenzheng shenfenzheng_hao sfzh nomor_ktp no_ktp nomor_induk_kependudukan npwp
        tax_or_personal_id numero_identificacion numero_identificacao
        ihidnum rrno jumin jumin_no jumin_bunho
    "),
    // The document number of a person (CPF or an identity card), in a table of people.
    (Some(PersonNationalId), Context, F0, "documento document doc_id documento_identidade numero_documento_pessoal"),
    (Some(PersonNationalId), Medium, flag::SHORT, "
        sin inn nie rfc rut nit nik ktp oib rrn nin tin cf cnic nid ipn vergi_no cpr pps
    "),
    // ---- government.id ---------------------------------------------------------
    (Some(GovernmentId), Strong, F0, "
        passport passport_number passport_no passport_num passport_id passport_nr
        driver_license drivers_license driver_licence drivers_licence driving_licence driving_license
        driver_license_number drivers_license_number driving_licence_number
        dl_number dl_no dl_num driver_license_no
        id_card id_card_number id_card_no identity_card identity_card_number identity_document
        identity_number identification_number national_id_card voter_id voter_id_number
        residence_permit residence_permit_number visa_number green_card alien_number
        reisepass reisepassnummer pass_nr passnummer personalausweis ausweisnummer
        fuhrerschein fuehrerschein fuhrerscheinnummer
        passeport numero_passeport carte_identite carte_d_identite numero_cni cni permis_de_conduire
        permis_conduire pasaporte numero_pasaporte licencia_conducir licencia_de_conducir
        carnet_conducir cedula cedula_identidad cedula_de_identidad documento_identidad
        numero_documento_identidad
        passaporte numero_passaporte cnh carteira_identidade carteira_motorista
        passaporto carta_identita carta_d_identita patente_guida
        pasport nomer_pasporta seriya_pasporta pasport_seriya pasport_nomer
        pasaport pasaport_no ehliyet ehliyet_no surucu_belgesi
        paspor no_paspor nomor_paspor kitas kitap no_kitas no_kitap nomor_kitas nomor_kitap
        no_kk nomor_kk no_kartu_keluarga nomor_kartu_keluarga
        paspoort rijbewijs paspoortnummer rijbewijsnummer identiteitskaart identiteitsbewijs
        id_kaart
    "),
    (Some(GovernmentId), Medium, F0, "
        id_number id_no document_number doc_number numero_documento documento_numero
        license_number licence_number license_no licence_no license_nbr licence_nbr
    "),
    (Some(GovernmentId), Medium, flag::SHORT, "rg dl ci dui"),
    // ---- contact.email ---------------------------------------------------------
    (Some(ContactEmail), Strong, F0, "
        email email_address email_addr mail_address
        correo correo_electronico courriel adresse_email adresse_mail adresse_electronique
        endereco_email endereco_de_email email_adresse mailadresse
        posta_elettronica indirizzo_email e_posta epost sahkoposti
        elektronnaya_pochta el_pochta
    "),
    (Some(ContactEmail), Medium, F0, "mail mail_addr pochta surel youxiang"),
    // "E-mail id" is Indian English for the address; Dutch writes
    // e-mailadres, the Korean standard terms EMAIL_ADRES and EML_ADDR.
    (Some(ContactEmail), Strong, F0, "email_id email_adres eml_addr"),
    // ---- contact.phone ---------------------------------------------------------
    (Some(ContactPhone), Strong, F0, "
        phone telephone phone_number phone_no phone_num ph_no ph_num
        mobile_number mobile_no mobile_phone mobile_num mob_no cell_phone cell_number
        cell_no msisdn fax fax_number fax_no telefax landline landline_number
        contact_number contact_no contact_phone home_phone work_phone office_phone
        telefon telefonnummer rufnummer handynummer mobilnummer mobiltelefon
        telephone_portable numero_telephone numero_de_telephone tel_portable tel_fixe
        telefono numero_telefono numero_de_telefono telefono_movil celular numero_celular
        telefone numero_telefone telefone_celular
        telefono_cellulare cellulare
        nomer_telefona telefon_nomer mobilnyi mobilniy sotovyi sotovy
        telefon_no telefon_numarasi cep_telefonu gsm_no gsm_number
        telefoonnummer telefoon mobiel_nummer mobiele_nummer mobiele_telefoon
        whatsapp_number whatsapp_no
        recipient_number receiver_number recipient_phone receiver_phone receiver_mobile
        recipient_mobile to_number recipient_msisdn
        telepon nomor_telepon no_telp no_telepon nomor_hp no_hp handphone ponsel
        shouji shouji_hao dianhua lianxi_dianhua
        telecom_number
    "),
    // Korean public-data common standard terms (공공데이터 공통표준용어, the
    // romanised abbreviations Korean public systems must use): telephone,
    // mobile and fax numbers.
    (Some(ContactPhone), Strong, F0, "tel_no mbtlnum fxnum fxno mbl_telno"),
    (Some(ContactPhone), Medium, F0, "
        mobile tel cell portable movil gsm handy whatsapp tlf tlfn telf fone celular_no mobiel
    "),
    // ---- contact.handle (a person's account on a messenger or social network) ----
    (Some(ContactHandle), Strong, F0, "
        twitter_handle twitter_username twitter_account twitter_url twitter_profile
        facebook_url facebook_profile facebook_username linkedin_url linkedin_profile
        instagram_handle instagram_username instagram_url telegram_username telegram_handle
        skype_id skype_name skype_username wechat_id wechat_no wechat_number weixin_id weixin_hao
        qq_number qq_no qq_hao whatsapp_id line_id kakao_id kakaotalk_id viber_id
        github_username gitlab_username weibo_id weibo_name tiktok_username youtube_channel
        vk_id vk_url social_handle social_profile social_url social_media im_handle
        messenger_id im_id im_account aim_id icq_number msn_id jabber_id xmpp_id
    "),
    (Some(ContactHandle), Lean, flag::NETWORK, "
        twitter facebook linkedin instagram telegram skype wechat weixin qq icq msn jabber xmpp
        gtalk google_talk viber discord tiktok youtube vkontakte odnoklassniki weibo douyin
        snapchat pinterest mastodon myspace kakao kakaotalk threema zalo flickr soundcloud
        behance dribbble xing bluesky bsky github gitlab tox keybase
    "),
    // Meta's Threads: a handle in a record of a person only (forum
    // `threads` are something else, so it names no network table).
    (Some(ContactHandle), Context, F0, "threads"),
    (Some(ContactHandle), Strong, F0, "
        bluesky_handle bsky_handle threads_handle threads_username mastodon_handle
        mastodon_username mastodon_url
    "),
    (Some(ContactHandle), Context, flag::NETWORK, "aim yahoo google blog personal_blog"),
    // A person's own website or homepage (the rubric's personal blog URL);
    // an organisation's or a thing's is not.
    (Some(ContactHandle), Context, F0, "
        website homepage personal_website personal_homepage webpage
        site_web sitio_web pagina_web
    "),
    // ---- contact.address -------------------------------------------------------
    (Some(ContactAddress), Strong, F0, "
        street_address home_address postal_address mailing_address billing_address
        shipping_address residential_address residence_address permanent_address
        delivery_address physical_address street street_name street_line street_number
        address_line address_line_1 address_line_2 addr_line address_1 address_2
        house_number house_no house_nr building_number apartment_number apt_number flat_number
        postal_code post_code zip zip_code zip4
        strasse strassenname hausnummer hausnr anschrift wohnadresse postleitzahl plz wohnort
        adresse adresse_postale code_postal rue numero_rue
        direccion domicilio calle codigo_postal numero_exterior numero_interior colonia
        endereco logradouro bairro cep complemento numero_residencia
        indirizzo via_residenza civico numero_civico
        adres ulitsa dom kvartira pochtovyi_indeks pochtovy_indeks indeks
        adres_satiri posta_kodu mahalle sokak
        straat huisnummer postcode_nl straatnaam woonplaats woonadres
        kode_pos  alamat_lengkap detail_address address_detail detailed_address
        full_address xiangxi_dizhi shouhuo_dizhi youbian youzheng_bianma pincode 
        indirizzo_completo direccion_completa endereco_completo
        door_no door_number plot_no plot_number house_name flat_no
    "),
    // The town of residence, as German `Wohnort` and Dutch `woonplaats`
    // name it, in the dictionary's other languages.
    (Some(ContactAddress), Strong, F0, "
        lieu_de_residence ville_de_residence lugar_de_residencia local_de_residencia
        luogo_di_residenza mesto_zhitelstva ikamet_adresi tempat_tinggal
    "),
    (Some(ContactAddress), Medium, F0, "
        addr apartment apt residence domicile po_box rua
    "),
    (Some(ContactAddress), Context, F0, "cap cp"),
    (Some(ContactAddress), Medium, F0, "appart appartement num_appart numero_appartement"),
    (None, Bare, flag::ADDR_PART, "numero number nr no line unit floor piso andar etage detail pin"),
    // India Post's address components (building name, landmark) and the
    // UPU's premise: an address part in a table of addresses.
    (None, Bare, flag::ADDR_PART, "building_name landmark premise"),
    // French address parts below the house (staircase, building), as La
    // Poste's address standard (NF Z 10-011) names them.
    (None, Bare, flag::ADDR_PART, "escalier batiment"),
    // ---- financial.account -------------------------------------------------------
    (Some(FinancialAccount), Strong, F0, "
        iban bank_account bank_account_number bank_account_no bank_acct bank_acc
        account_number acct_no acct_num acct_number acc_no account_no
        routing_number routing_no aba_number aba_routing sort_code bsb transit_number
        building_society_roll_number roll_number_building_society
        ifsc ifsc_code clabe cbu cvu
        kontonummer bankverbindung bankleitzahl blz
        rib numero_compte compte_bancaire
        numero_cuenta cuenta_bancaria cuenta_corriente
        conta conta_corrente conta_bancaria numero_conta agencia_conta chave_pix pix_key
        conto_corrente numero_conto
        schet scheta nomer_scheta raschetnyi_schet rasch_schet lichnyi_schet bik
        hesap_no hesap_numarasi
        rekeningnummer
        upi_id vpa
        alipay alipay_account alipay_code alipay_no zhifubao paypal_email paypal_account
        venmo venmo_handle payoneer_account yinhangka yinhangka_hao
        bank_card bank_card_no bank_card_number branch_code bank_branch_code
    "),
    (Some(FinancialAccount), Medium, F0, "aba agencia bank_code"),
    (Some(FinancialAccount), Context, F0, "routing"),
    (Some(FinancialAccount), Weak, F0, "bic swift swift_code bic_code"),
    // ---- financial.card ----------------------------------------------------------
    (Some(FinancialCard), Strong, F0, "
        card_number card_no card_num cc_number cc_num cc_no
        credit_card credit_card_number debit_card debit_card_number
        cvv cvv2 cvc cvc2 card_cvv card_cvc card_security_code card_verification_code
        card_expiry card_expiration card_exp card_exp_date card_expiration_date
        numero_cartao cartao_credito numero_tarjeta tarjeta_credito numero_carte carte_bancaire
        kartennummer kreditkarte kreditkartennummer nomer_karty kart_no kart_numarasi
        card_last4  card_last_four cc_last4 cc_last_four cc_last_digits
        card_last_digits cc_first_digits card_first_digits card_bin card_first6 cc_bin
        cc_exp_month cc_exp_year card_exp_month card_exp_year card_expiry_month card_expiry_year
    "),
    (Some(FinancialCard), Medium, flag::CARD, "
        pan pan_number exp_month exp_year expiry_month expiry_year expiration_month
        expiration_year expiry expiry_date expiration_date exp_date csc security_code
        last4 last_four last_digits first_digits first6 iin
        expire_date expire_month expire_year valid_from valid_from_date valid_thru pin_number
    "),
    (Some(FinancialCard), Strong, F0, "card_pin card_pin_number"),
    // PCI DSS sensitive authentication data (full track data, the card
    // verification value) and the start date of cards that carry one.
    (Some(FinancialCard), Strong, F0, "
        card_verification_value full_track_data magnetic_stripe_data magstripe_data
        track1_data track2_data
    "),
    (Some(FinancialCard), Medium, flag::CARD, "
        verification_value track_data track1 track2 start_month start_year
    "),
    // ---- biometric -----------------------------------------------------------------
    (Some(Biometric), Strong, F0, "
        biometric biometrics biometric_data biometric_template biometric_hash
        fingerprint_template fingerprint_image fingerprint_data fingerprint_scan
        face_template face_encoding face_embedding face_vector facial_features face_data
        face_image face_photo iris iris_scan iris_template retina retina_scan
        voiceprint voice_sample palm_print finger_vein handwriting_sample
        dna dna_profile dna_sequence genetic_data genome minutiae
        fingerabdruck impression_digitale empreinte_digitale huella huella_dactilar
        impressao_digital biometria biometrie otpechatok
    "),
    (Some(Biometric), Strong, F0, "
        signature_image signature_file signature_url signature_photo signature_img
        drawn_signature handwritten_signature signature_scan face_id_image face_photo_url
    "),
    (Some(Biometric), Context, F0, "fingerprint signature"),
    // A signature in the dictionary's other languages (NL handtekening, DE
    // Unterschrift, PT assinatura, PL/RU podpis, TR imza, ID tanda tangan).
    (Some(Biometric), Context, F0, "handtekening unterschrift assinatura podpis imza tanda_tangan"),
    // ---- person.avatar -------------------------------------------------------------
    (Some(PersonAvatar), Strong, F0, "
        profile_picture profile_photo profile_image profile_pic
        user_photo user_picture user_image selfie portrait headshot mugshot
        passport_photo id_photo
        foto_perfil foto_de_perfil profilbild
        selfie_url selfie_image portrait_url headshot_url profile_pic_url touxiang
        foto_profil photo_profil immagine_profilo pasfoto profielfoto
    "),
    (Some(PersonAvatar), Lean, F0, "avatar avatar_url avatar_path avatar_file headimg  headimgurl head_image"),
    (Some(PersonAvatar), Context, F0, "photo picture image pic foto photo_url picture_url image_url img"),
    (Some(PersonAvatar), Bare, F0, "icon thumb thumbnail"),
    // ---- geo ---------------------------------------------------------------------------
    (Some(GeoCoordinates), Strong, flag::LAT, "
        latitude lat_deg latitud breitengrad shirota enlem lat_e6 latitude_e6
        latitudine lintang weidu  lat_e7 latitude_e7 lat_micro lat_microdeg lat_udeg
        lat_nano microlatitude
    "),
    (Some(GeoCoordinates), Strong, flag::LON, "
        longitude lon_deg lng_deg longitud laengengrad langengrad dolgota boylam lng_e6 lon_e6
        longitude_e6
        longitudine bujur jingdu  lng_e7 lon_e7 longitude_e7 lng_micro lon_micro
        lng_microdeg lon_udeg lng_nano microlongitude
    "),
    (Some(GeoCoordinates), Strong, F0, "
        coordinates coordinate coords lat_lng lat_lon lon_lat lng_lat
        gps gps_coordinates gps_location geo_coordinates koordinaten coordonnees
        coordenadas coordinate_json coordinates_json coordonnees_gps koordinat jingweidu
    "),
    (Some(GeoCoordinates), Medium, flag::BOUND, "
        north south min_lat max_lat   lat_min lat_max min_latitude max_latitude latitude_min
        latitude_max
    "),
    (Some(GeoCoordinates), Medium, flag::BOUND, "
        east west min_lng max_lng min_lon max_lon     lng_min lng_max
        lon_min lon_max min_longitude max_longitude longitude_min longitude_max
    "),
    (Some(GeoCoordinates), Medium, flag::PAIR | flag::LAT, "lat"),
    (Some(GeoCoordinates), Medium, flag::PAIR | flag::LON, "lng lon long"),
    (Some(GeoGeometry), Strong, F0, "
        geom the_geom geometry geography geog wkb_geometry wkt wkb geojson polygon
        geo_point geo_shape multipolygon linestring polyline route_geometry
        bbox bounding_box bbox_geom geofence
        geo_area geo_polygon geo_boundary geo_boundaries geo_outline
    "),
    // An area's outline (OGC `ST_Boundary`, GeoJSON polygons): a geometry
    // when its type can hold one (the type gate checks).
    (Some(GeoGeometry), Medium, F0, "boundary boundaries outline perimeter footprint"),
    (Some(GeoOther), Strong, F0, "
        geohash geolocation geoloc gps_trace gps_track gps_position
        gps_point location_point location_coordinates h3_index h3_cell s2_cell plus_code
        what3words geo_position
    "),
    (Some(GeoOther), Medium, flag::GEO_AUX, "
        altitude elevation tile tile_x tile_y tile_z tile_id quadkey grid_cell geo_cell grid_x
        grid_y grid_id
    "),
    // ---- secondary PI (no tag) -----------------------------------------------------
    (Some(SecondaryIpAddress), Strong, F0, "
        ip ip_address ip_addr ipv4 ipv6 remote_ip remote_addr client_ip
        user_ip source_ip x_forwarded_for forwarded_for ips
    "),
    (Some(SecondaryUserId), Not, F0, "
        username usr_name login login_name user_login screen_name handle
        benutzername nom_utilisateur nombre_usuario nome_usuario nome_utente kullanici_adi
        login_id user_code
    "),
    // ---- look-alikes that are not PI -------------------------------------------------
    (None, Not, F0, "
        hostname filename pathname dirname domain_name
        tablename column_name schema_name nameserver namespace
        bin card_brand card_type
        email_domain mail_server mail_host mailer mailbox_name dial_code
        phone_code calling_code timezone openid unionid native_place place_of_origin jiguan
        hometown
        telemetry television teleport telegram_bot
        address_space mac_address mac_addr wallet_address contract_address memory_address
        base_address ip_range
        passphrase password passwd compass
        estate real_estate
        display_order
        zip_file zip_archive zip_path zip_url
    "),
];

/// Role bits of single words.
pub(crate) mod role {
    /// A person the head belongs to (`customer_email`, `author_name`).
    pub const PERSON: u32 = 1;
    /// A person only in a table of people (`owner_name`, `sender_name`).
    pub const WEAK_PERSON: u32 = 1 << 1;
    /// A non-person owner (`company_name`, `host_name`, `project_email`).
    pub const OWNER: u32 = 1 << 2;
    /// After the head, turns it into something else (`email_verified`, `phone_count`).
    pub const AFTER: u32 = 1 << 3;
    /// As first word, a predicate (`has_email`, `is_phone_verified`).
    pub const PREDICATE: u32 = 1 << 4;
    /// Says nothing about the data (`new`, `primary`, `home`).
    pub const NEUTRAL: u32 = 1 << 5;
    /// Number-ish words around an identifier (`rg_numero`, `inn_no`).
    pub const NUMBERISH: u32 = 1 << 6;
    /// Table noun: the rows are people.
    pub const PEOPLE: u32 = 1 << 7;
    /// Table head that describes its first noun (`user_details`).
    pub const DETAIL: u32 = 1 << 8;
    /// Table noun: the rows are addresses.
    pub const ADDRESS_T: u32 = 1 << 9;
    /// Table noun: the rows are deliveries of messages or codes.
    pub const DELIVERY_T: u32 = 1 << 10;
    /// Table noun: sessions, devices, visits (IP-geolocated places).
    pub const TELEMETRY_T: u32 = 1 << 11;
    /// Payment-card context.
    pub const PAYMENT: u32 = 1 << 12;
    /// Identifier suffix (`user_id`, `customer_uuid`).
    pub const ID: u32 = 1 << 13;
    /// Table noun: the rows are clearly not people (`projects`, `tags`).
    pub const THING_T: u32 = 1 << 14;
    /// A machine identity (`service_user_email`, `oauth_client`): not a person,
    /// whatever person word follows.
    pub const MACHINE: u32 = 1 << 15;
    /// Table noun: the rows are organisations, sites or facilities, whose own
    /// contact data is not a person's (`stores`, `clinics`, `warehouses`).
    pub const ORG_T: u32 = 1 << 16;
    /// A column word found in organisation records (`website`, `industry`).
    pub const ORG_MARKER: u32 = 1 << 17;
    /// A column word found only in records of people (`gender`, `sex`).
    pub const PERSON_MARKER: u32 = 1 << 18;
    /// Table noun: text messages (a recipient is a phone number).
    pub const SMS_T: u32 = 1 << 19;
    /// Table noun: pictures of people (`avatars`, `portraits`).
    pub const AVATAR_T: u32 = 1 << 20;
    /// Table noun: geofences (their area is a geometry).
    pub const GEOFENCE_T: u32 = 1 << 21;
    /// Table word: a channel, inbox or mailbox of the organisation.
    pub const CHANNEL_T: u32 = 1 << 22;
    /// A column word naming a business registration number: the row is a
    /// company's.
    pub const BUSINESS_ID: u32 = 1 << 23;
}

#[rustfmt::skip]
const ROLES: &[(u32, &str)] = &[
    (role::PERSON, "
        customer customers client user users usr member employee employees staff person persons people
        contact patient student teacher author authors committer beneficiary holder cardholder
        recipient payee payer guardian parent father mother spouse partner emergency kin applicant
        candidate passenger guest driver buyer shopper consumer subscriber participant attendee
        invitee inviter reviewer assignee reporter approver signer signatory borrower debtor
        insured policyholder claimant citizen resident voter donor volunteer worker contractor
        individual personal private home work mobile billing shipping mailing delivery primary
        secondary alternate alt first last given family legal real birth maiden full middle
        kunde kunden benutzer nutzer mitarbeiter mitglied patient_in schueler
        client_e utilisateur employe salarie adherent membre eleve
        cliente clientes usuario usuarios empleado paciente alumno socio titular
        usuario_a funcionario aluno responsavel contato
        utente dipendente paziente studente
        polzovatel klient sotrudnik pacient
        kullanici musteri calisan uye ogrenci hasta
        klant gebruiker medewerker
        profile account_holder actor rider traveler traveller tenant_user lead prospect
        visitor nurse doctor physician practitioner sender_person submitter requester
        source_user
        consignee addressee receiver shipper consignor nominee heir child children kid relative
        dependent dependant caregiver witness referrer
        husband wife son daughter brother sister grandfather grandmother uncle aunt guarantor
        destinatario remitente remetente mittente absender empfaenger penerima pengirim alici
        gonderen poluchatel otpravitel contato contacto pelanggan pengguna shouhuoren
    "),
    // The attention line of a postal address (UPU S42: `attn`, for the
    // attention of) names a person; so do the Korean standard terms for a
    // member, an employee user, a writer, a poster and an applicant.
    (role::PERSON, "attn mber emplyr wrter ntcr applcnt"),
    // Legal representatives: a mandatary (FR mandataire, ES/IT
    // mandatario), a guardian or curator of an adult (tuteur, curateur), a
    // trustee, an executor, an attorney.
    (role::PERSON, "mandataire mandatario tuteur curateur trustee executor attorney"),
    // Those who advise or counsel a person in their case: an advisor (NL
    // adviseur, DE Berater, FR conseiller, ES asesor, IT consulente, PT
    // consultor), a counsellor, a caseworker, a mentor.
    (role::PERSON, "
        advisor adviser adviseur berater conseiller asesor consulente consultor counsellor
        counselor caseworker mentor
    "),
    // The parties of an administrative record, often written after the
    // head in the Romance languages (`nom_occupant`, `ville_proprio`): an
    // occupant, a declarant, an owner, a tenant, an applicant, a
    // beneficiary, a public service's user, a referent; and ERP
    // abbreviations of an employee and an emergency contact.
    (role::PERSON, "
        occupant declarant proprietaire proprio locataire demandeur requerant beneficiaire
        allocataire signataire usager referent ocupante occupante declarante dichiarante
        propietario proprietario inquilino arrendatario locatario solicitante requerente
        richiedente beneficiario proprietor lessee homeowner householder emp empl emer
    "),
    // People in charge, named by their function: a manager, a supervisor,
    // an instructor, an inspector, the person responsible (FR/ES
    // responsable), a data-protection officer.
    (role::PERSON, "manager supervisor instructor inspector responsable dpo"),
    // More people named by their function: a lecturer, an agency's
    // representative, a director, a coordinator, a judge; and a youth in
    // care.
    (role::PERSON, "
        lecturer rep representative director coordinator judge youth headteacher headmaster
        headmistress
    "),
    // Indonesian: a family (keluarga, whose head is named on the family
    // card), a member, a resident.
    (role::PERSON, "keluarga anggota warga penduduk"),
    (role::WEAK_PERSON, "owner sender creator reporter from to requester"),
    (role::OWNER, "
        company companies corp corporation org orgs organization organisation organizations firm
        business enterprise employer tenant project projects product products item items article
        file files host hosts domain domains server servers service services app apps application
        applications bucket table tables column columns field fields schema schemas database db
        group groups role roles team teams dept department division unit branch store shop
        merchant vendor supplier brand manufacturer bank job jobs task tasks queue trigger sched
        scheduler lock event events template templates theme tag tags label labels category
        categories config setting settings feature features plugin extension package packages
        module modules library repo repository device devices machine node nodes cluster instance
        channel topic stream index view model class method function process workflow
        step stage pipeline environment env namespace dataset data metric param parameter
        property prop folder dir directory path image container volume pod certificate cert
        algorithm cookie header attribute attr menu page site website web url link route
        component widget course campaign program plan policy rule report document doc form
        section venue place building facility hospital school
        university institution institute agency station airport airline ship vessel vehicle car
        film movie book song album track game league species organism genus gene protein
        chemical drug disease metadata meta smtp imap pop3 ldap saml oauth sso api bot system
        admin support noreply no_reply webhook hook mailbox list alias sender_domain registry
        runner provider integration account_type test sample dummy demo default fallback
        relay proxy gateway sandbox cdn dns cname server_name network wifi ssid
        definition flow deploy deployment release build commit_sha secret credentials
        custom shared service_desk siege sede hq headquarters
        empresa empresas entreprise unternehmen firma azienda societe societa kompaniya
        organizacion organizacao sirket produto producto produit prodotto
        plan plans tier tiers flag flags feature_flag
    "),
    (role::MACHINE, "
        service services bot bots robot noreply daemon technical app application api
        integration oauth oauth2 sso saml ldap smtp webhook ml
    "),
    (role::AFTER, "
        verified verify verification confirmed confirmation confirm validated validation valid
        invalid enabled enable disabled disable count counts cnt total hash hashed digest sha
        sha1 sha256 sha512 md5 fingerprint template tmpl tpl domain domains host hostname format
        fmt type types kind status token tokens sent at on time flag flags required regex
        regexp pattern restriction restrictions setting settings config configuration option
        options preference preferences pref prefs policy length len size max min limit
        visibility visible hidden hide opt optin optout opt_in opt_out consent subscribed
        unsubscribed subscription notification notifications otp code codes pin secret key
        timestamp timestamps age tz right rights
        password passwd pwd salt iv id ids uuid guid fk ref idx index seq mode method error
        errors message messages body subject footer text content html synced sync reset lang
        language locale check checked bounce bounced bounces score risk reputation quality
        blacklist blocklist whitelist allowlist permission permissions access rule rules filter
        mask prefix suffix provider server gateway app application version os device platform
        browser web site view layout menu redirect via source sources changed_at updated_at
        brand network carrier operator country_code capable capability support supported
        template_id campaign tracking opened clicked delivered delivery_status encoding charset
        label labels field column url_template endpoint service api count_cache changes
        sha256 last4 frequency interval display_order order sort position rank weight
        requests attempts attempt retries retry exists present missing set unset updated
        visibility_level level guideline guidelines instruction instructions description
        help hint placeholder caption title example sample default_value class klasse clase classe kategorie categoria tipo
        period duration metadata sid bidx
    "),
    // Audit columns (`last_modified_by`): who changed the row, not a name.
    (role::AFTER, "modified by"),
    (role::PREDICATE, "
        is has have can should allow allows allowed use uses show hide send sends require
        requires enable disable no needs need must num number total count skip accept accepts
        include includes exclude want wants did was max min limit type tipo typ kind
        cantidad quantidade qtd qtde anzahl kolichestvo
    "),
    (role::NEUTRAL, "
        new old current previous prev original orig primary secondary alt alternate alternative
        other official preferred public private personal home work main default raw clean
        cleaned canonical normalized normalised search searchable lower upper lowercase
        uppercase encrypted enc plain local latin native english en ru cn kana kanji phonetic
        i18n translit transliterated ascii unaccented sort sorting full verified_ unconfirmed
        pending proposed detumbled backup recovery contact notification commit invite
        registered registration request requested given cleartext display real legal
        incoming outgoing inbound outbound formatted
        business_ personal_ the my our your his her their da de do di del der des la le el
        du of sw ne nw se
    "),
    (role::NEUTRAL, "authorized authorised"),
    (role::NUMBERISH, "
        number numbers no nr num numero nummer numer nomer numarasi numara nro n code id
        value val digits serie series seriya identifier identifiers nbr
    "),
    (role::PEOPLE, "
        user users usr customer customers member members employee employees staff
        staffs person persons people eperson contact contacts patient patients student students
        teacher teachers author authors actor actors driver drivers passenger passengers guest
        guests applicant applicants candidate candidates beneficiary beneficiaries subscriber
        subscribers participant participants attendee attendees account accounts identity
        identities individual individuals citizen citizens resident residents voter voters donor
        donors volunteer volunteers worker workers contractor contractors buyer buyers shopper
        shoppers consumer consumers lead leads prospect prospects visitor visitors nurse nurses
        doctor doctors physician physicians practitioner practitioners owner owners holder
        holders cardholder cardholders borrower borrowers debtor debtors policyholder
        policyholders claimant claimants insured traveler travelers traveller travellers rider
        riders committer committers reviewer reviewers signer signers recipient recipients
        payee payees user_account useraccount profile_user human humans personnel
        kunde kunden benutzer nutzer mitarbeiter mitglied mitglieder personen patienten
        utilisateur utilisateurs employe employes salarie salaries adherent adherents membre
        membres eleve eleves personne personnes
        cliente clientes usuario usuarios empleado empleados paciente pacientes alumno alumnos
        socio socios persona personas funcionario funcionarios aluno alunos pessoa pessoas
        utente utenti dipendente dipendenti studente studenti pazienti
        polzovatel polzovateli klient klienty sotrudnik sotrudniki
        kullanici kullanicilar musteri musteriler calisan calisanlar uye uyeler ogrenci hasta
        klant klanten gebruiker gebruikers medewerker medewerkers persoon personen deelnemer
        deelnemers leerling leerlingen bewoner bewoners huurder huurders burger burgers
        aanvrager aanvragers debiteur debiteuren
        occupant occupants declarant declarants proprietaire proprietaires locataire
        locataires demandeur demandeurs beneficiaire beneficiaires allocataire
        allocataires usager usagers inquilino inquilinos beneficiario beneficiarios
        homeowner homeowners householder householders emp empl
        parent parents child children kid kids guardian guardians relative relatives dependent
        dependents dependant dependants family_member family_members consignee consignees
        receiver receivers addressee addressees heir heirs spouse spouses emergency_contact
        emergency_contacts next_of_kin nominee nominees caregiver caregivers clerk clerks
        pelanggan pengguna karyawan pegawai siswa pasien yonghu kehu huiyuan yuangong
        mandataire mandataires mandatario mandatarios mandatari tuteur tuteurs curateur
        curateurs trustee trustees executor executors attorney attorneys
        lecturer lecturers representative representatives judge judges youth youths
        anggota warga penduduk keluarga
    "),
    (role::ORG_T, "
        company companies organization organizations organisation organisations org orgs
        merchant merchants store stores shop shops facility facilities clinic clinics hospital
        hospitals warehouse warehouses depart department departments dept depts tenant tenants
        branch branches office offices supplier suppliers vendor vendors agency agencies
        institution institutions school schools emitente emitentes empresa empresas loja lojas
        tienda tiendas sucursal sucursales filial filiais entreprise entreprises firma firmen
        unternehmen site sites pharmacy pharmacies laboratory laboratories bank banks
        sitesettings campaign campaigns template templates team teams
        enterprise enterprises room rooms building buildings antenne antennes service services
        organisatie organisaties bedrijf bedrijven instelling instellingen vereniging
        verenigingen stichting stichtingen gemeente gemeenten kantoor kantoren winkel winkels
        filiaal filialen
        market markets markt markten mercado mercados marche marches mercato mercati pasar
        pazar bureau bureaus
        betrieb betriebe geschaeft geschaefte filiale filialen verein vereine standort
        standorte unidade unidades
        website websites
        venue venues center centre centers centres etablissement etablissements meetingpoint
        meetingpoints meeting_point meeting_points
    "),
    (role::ORG_MARKER, "
        website homepage toll_free industry vat cnpj ein duns legal_form headcount
        employees_count annual_revenue business_license company_type support_email
        support_phone custom_domain domain
    "),
    // The organisation's own communication channels: their addresses and
    // numbers are the organisation's.
    (role::CHANNEL_T, "channel channels inbox inboxes mailbox mailboxes"),
    // Business registration numbers by country: Korea's business and
    // corporate registration numbers (standard terms BIZRNO, JURIRNO),
    // France's SIREN/SIRET, the Dutch KvK number, India's GSTIN and CIN,
    // Australia's ABN/ACN, Singapore's UEN, Brazil's CNPJ, the US EIN and
    // D-U-N-S, EU VAT ids, Germany's USt-IdNr and register number.
    (role::BUSINESS_ID, "
        bizrno jurirno siren siret kvk kvk_nummer gstin abn acn uen cnpj ein duns
        vat_number vat_no vat_id ust_idnr ust_id handelsregisternummer
        business_registration_number company_registration_number
    "),
    (role::PERSON_MARKER, "
        gender sex sexo sesso geschlecht cinsiyet jenis_kelamin xingbie marital_status
        marital birthday birthdate dob
    "),
    (role::SMS_T, "sms mms text_message text_messages whatsapp duanxin"),
    (role::AVATAR_T, "
        avatar avatars portrait portraits selfie selfies headshot headshots profile_photo
        profile_photos profile_picture profile_pictures
    "),
    (role::GEOFENCE_T, "geofence geofences fence fences geozone geozones"),
    (role::DETAIL, "
        detail details profile profiles info information data attributes attribute extra extras
        alias aliases metadata meta settings setting preference preferences personal identity
        identities record records registration registrations address addresses phones emails
        names bio card cards kyc verification verifications entry entries
        mstr master masters det dtl hdr
    "),
    (role::ADDRESS_T, "
        address addresses addr adresse adressen direccion direcciones endereco enderecos
        indirizzo indirizzi adres adresler location_address postal_address shipping billing
        mailing anschrift domicilio
    "),
    (role::DELIVERY_T, "
        message messages mail mails email emails courier notification notifications sms outbox
        inbox newsletter newsletters otp code codes verification verifications recovery
        invitation invitations invite invites delivery deliveries dispatch dispatches channel
        channels subscription subscriptions mailing communication communications correspondence
    "),
    (role::TELEMETRY_T, "
        session sessions login logins signin signins sign_in visit visits visitor visitors
        tracking checkin checkins trip trips ride rides geoip device devices
    "),
    (role::PAYMENT, "
        card cards payment payments pay credit debit cc billing visa mastercard amex pci
        cartao tarjeta carte karte karty kart checkout transaction transactions charge charges
        wallet wallets
    "),
    (role::ID, "id ids uuid guid key fk ref oid sid uid pk"),
    (role::THING_T, "
        project projects tag tags group groups team teams organization organizations
        organisation organisations org orgs company companies namespace namespaces product
        products item items file files template templates setting settings config configs
        category categories label labels repository repositories repo repos package packages
        job jobs task tasks pipeline pipelines role roles permission permissions menu menus
        dict dictionary feature features plugin plugins application applications app apps
        service services node nodes cluster clusters environment environments branch branches
        lock locks trigger triggers topic topics metric metrics dataset datasets source sources
        bucket buckets object objects upload uploads achievement achievements badge badges
        city cities country countries region regions state states place places language languages store
        stores film films movie movies book books course courses event events type types
        schema schemas table tables column columns index indexes queue queues
        configuration configurations plan plans tier tiers campaign campaigns flag flags
        feature_flag feature_flags sitesettings
        form forms notice notices announcement announcements bulletin bulletins
    "),
];

pub(crate) struct Dictionary {
    /// Squashed term → term.
    pub terms: FastMap<String, Term>,
    /// Single word → role bits.
    pub roles: FastMap<&'static str, u32>,
    /// Every single word the dictionary knows (terms and role words).
    known: FastSet<String>,
    /// Longest term in tokens, to bound span search.
    pub max_span: usize,
}

impl Dictionary {
    /// The longest run of `tokens` ending at `end` (at most `max_span`
    /// tokens, written without separators into `buf`) that `accept` takes,
    /// with its start; shorter runs are tried when `accept` answers None.
    pub fn longest_ending_at<T, S: AsRef<str>>(
        &self,
        tokens: &[S],
        end: usize,
        buf: &mut String,
        mut accept: impl FnMut(&str, usize) -> Option<T>,
    ) -> Option<(usize, T)> {
        for len in (1..=self.max_span.min(end)).rev() {
            let start = end - len;
            buf.clear();
            for t in &tokens[start..end] {
                buf.push_str(t.as_ref());
            }
            if let Some(v) = accept(buf, start) {
                return Some((start, v));
            }
        }
        None
    }
}

impl Dictionary {
    #[inline]
    pub fn role(&self, word: &str) -> u32 {
        self.roles.get(word).copied().unwrap_or(0)
    }

    pub fn term(&self, squashed: &str) -> Option<&Term> {
        self.terms.get(squashed)
    }

    /// Whether a word is known at all (for splitting compounds).
    pub fn knows(&self, word: &str) -> bool {
        self.known.contains(word)
    }
}

/// The dictionary, built on first use.
pub(crate) fn dictionary() -> &'static Dictionary {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    DICT.get_or_init(build)
}

fn build() -> Dictionary {
    let mut terms: FastMap<String, Term> = FastMap::default();
    let mut max_span = 1;
    for &(category, strength, flags, list) in TERMS {
        for text in list.split_whitespace() {
            let parts = text.split('_').filter(|p| !p.is_empty()).count();
            max_span = max_span.max(parts);
            let key: String = text.chars().filter(|&c| c != '_').collect();
            terms.entry(key).or_insert(Term {
                category,
                strength,
                flags,
                text,
            });
        }
    }
    let mut roles: FastMap<&'static str, u32> = FastMap::default();
    for &(bits, list) in ROLES {
        for w in list.split_whitespace() {
            *roles.entry(w).or_insert(0) |= bits;
        }
    }
    let known = terms
        .keys()
        .cloned()
        .chain(roles.keys().map(|r| r.to_string()))
        .collect();
    Dictionary {
        terms,
        roles,
        known,
        max_span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_ascii_lowercase_and_unique_per_strength() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for &(_, _, _, list) in TERMS {
            for t in list.split_whitespace() {
                assert!(
                    t.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "term `{t}` must be lower-case ASCII"
                );
                let key: String = t.chars().filter(|&c| c != '_').collect();
                if let Some(prev) = seen.insert(key.clone(), t) {
                    panic!("term `{t}` duplicates `{prev}` (squashed `{key}`)");
                }
            }
        }
    }

    #[test]
    fn roles_are_ascii_lowercase() {
        for &(_, list) in ROLES {
            for w in list.split_whitespace() {
                assert!(
                    w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "role word `{w}` must be lower-case ASCII"
                );
            }
        }
    }
}
