//! Hand-written diesel schema, shared by SQLite and PostgreSQL (ids are i64 on both).

diesel::table! {
    projects (id) {
        id -> BigInt,
        name -> Text,
        esf_case_number -> Text,
        start_date -> Date,
        end_date -> Date,
        support_rate_ppm -> BigInt,
        approved_esf_budget_ore -> BigInt,
        total_budget_ore -> BigInt,
        indirect_rate_ppm -> BigInt,
        indirect_base -> Text,
        distribution_key -> Text,
        required_cofinancing_ppm -> BigInt,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        kind -> Text,
        code -> Text,
        name -> Text,
        municipality_code -> Nullable<Text>,
        organisation_number -> Nullable<Text>,
        path -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
        email -> Text,
        password_hash -> Text,
        roles -> Text,
        active -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        user_id -> Nullable<BigInt>,
        actor -> Text,
        organisation_id -> Nullable<BigInt>,
        action -> Text,
        entity -> Text,
        entity_id -> BigInt,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::allow_tables_to_appear_in_same_query!(projects, organisations, users, audit_log);
