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
        last_claim_number -> Integer,
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
        employer_kind -> Text,
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
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        token_generation -> BigInt,
    }
}

diesel::table! {
    login_failures (email, address) {
        email -> Text,
        address -> Text,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    web_sessions (id) {
        id -> BigInt,
        secret_sha256 -> Text,
        user_id -> BigInt,
        token_generation -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    uploads (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        kind -> Text,
        file_name -> Text,
        sha256 -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
        outcome -> Text,
        row_count -> BigInt,
        created_count -> BigInt,
        updated_count -> BigInt,
        unchanged_count -> BigInt,
        error_total -> BigInt,
        without_hours_count -> BigInt,
        errors -> Text,
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

diesel::table! {
    social_fee_rates (id) {
        id -> BigInt,
        year -> Integer,
        employer_kind -> Text,
        rate_ppm -> BigInt,
        source -> Text,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
        employee_number -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        token_generation -> BigInt,
    }
}

diesel::table! {
    salary_records (id) {
        id -> BigInt,
        staff_id -> BigInt,
        valid_from -> Integer,
        monthly_salary_ore -> BigInt,
        employment_rate_ppm -> BigInt,
        social_fee_override_ppm -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    timesheets (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        staff_id -> BigInt,
        month -> Integer,
        funding -> Text,
        state -> Text,
        entered_by -> BigInt,
        signed_by -> Nullable<BigInt>,
        signed_at -> Nullable<Timestamp>,
        attested_by -> Nullable<BigInt>,
        attested_at -> Nullable<Timestamp>,
        hours_centi -> BigInt,
        hourly_rate_ore -> Nullable<BigInt>,
        cost_ore -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    timesheet_rows (id) {
        id -> BigInt,
        timesheet_id -> BigInt,
        work_date -> Date,
        hours_centi -> Integer,
        note -> Text,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    monthly_reports (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        state -> Text,
        comment -> Nullable<Text>,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    directory_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    month_figures (month, organisation_id) {
        organisation_id -> BigInt,
        month -> Integer,
        staff_ore -> BigInt,
        services_ore -> BigInt,
        premises_ore -> BigInt,
        travel_ore -> BigInt,
        materials_ore -> BigInt,
        in_kind_ore -> BigInt,
        participant_compensation_ore -> BigInt,
        pending_compensation_ore -> BigInt,
        public_cash_ore -> BigInt,
        owner_cash_ore -> BigInt,
        project_hours_centi -> BigInt,
        in_kind_hours_centi -> BigInt,
        attested_timesheets -> BigInt,
    }
}

diesel::joinable!(staff -> organisations (organisation_id));
diesel::joinable!(salary_records -> staff (staff_id));
diesel::joinable!(timesheets -> staff (staff_id));
diesel::joinable!(timesheet_rows -> timesheets (timesheet_id));
diesel::allow_tables_to_appear_in_same_query!(
    projects,
    login_failures,
    web_sessions,
    uploads,
    audit_log,
    organisations,
    staff,
    salary_records,
    timesheets,
    timesheet_rows,
    monthly_reports,
    month_figures,
    directory_generation,
    social_fee_rates,
    users,
    premises,
    other_costs,
    cash_cofinancing,
    timesheet_adjustments,
    workshops,
    participants,
    enrolments,
    attendance,
    compensation,
    scb_files,
    scb_months,
    budget_lines,
    imports,
    claims,
    claim_figures,
    claim_budgets,
    claim_lines,
    payments,
    distribution_parts
);

diesel::table! {
    premises (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        description -> Text,
        monthly_cost_ore -> Nullable<BigInt>,
        area_centi_m2 -> Nullable<BigInt>,
        annual_rent_per_m2_ore -> Nullable<BigInt>,
        share_ppm -> BigInt,
        financing -> Text,
        amount_ore -> BigInt,
        adjusts_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    other_costs (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        cost_date -> Date,
        category -> Text,
        amount_ore -> BigInt,
        supplier -> Text,
        voucher_number -> Text,
        description -> Text,
        adjusts_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    cash_cofinancing (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        kind -> Text,
        amount_ore -> BigInt,
        paid_by -> Text,
        adjusts_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    timesheet_adjustments (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        staff_id -> BigInt,
        adjusts_id -> BigInt,
        month -> Integer,
        work_date -> Date,
        hours_centi -> BigInt,
        hourly_rate_ore -> BigInt,
        amount_ore -> BigInt,
        funding -> Text,
        reason -> Text,
        state -> Text,
        created_by -> BigInt,
        attested_by -> Nullable<BigInt>,
        attested_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    workshops (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    participants (id) {
        id -> BigInt,
        id_kind -> Text,
        identity -> Text,
        birth_date -> Date,
        sex -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    enrolments (id) {
        id -> BigInt,
        participant_id -> BigInt,
        organisation_id -> BigInt,
        workshop_id -> Nullable<BigInt>,
        start_date -> Date,
        end_date -> Nullable<Date>,
        status_at_start -> Text,
        education_level -> Text,
        labour_status -> Text,
        in_education_at_start -> Bool,
        outcome -> Nullable<Text>,
        qualification_gained -> Bool,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(enrolments -> participants (participant_id));

diesel::table! {
    attendance (id) {
        id -> BigInt,
        enrolment_id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        hours_centi -> BigInt,
        updated_by -> BigInt,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    compensation (id) {
        id -> BigInt,
        enrolment_id -> BigInt,
        organisation_id -> BigInt,
        month -> Integer,
        kind -> Text,
        amount_ore -> BigInt,
        payer -> Text,
        certificate_confirmed -> Bool,
        adjusts_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<BigInt>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    scb_files (id) {
        id -> BigInt,
        month -> Integer,
        file_name -> Text,
        checksum -> Text,
        row_count -> BigInt,
        generated_by -> BigInt,
        generated_at -> Timestamp,
    }
}

diesel::table! {
    scb_months (month) {
        month -> Integer,
        last_generated_at -> Timestamp,
        last_checksum -> Text,
        needs_resubmission -> Bool,
        changed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    budget_lines (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        year -> Integer,
        category -> Text,
        amount_ore -> BigInt,
        updated_by -> BigInt,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    imports (id) {
        id -> BigInt,
        kind -> Text,
        organisation_id -> BigInt,
        file_name -> Text,
        sha256 -> Text,
        row_count -> Integer,
        imported_by -> BigInt,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    claims (id) {
        id -> BigInt,
        number -> Nullable<Integer>,
        state -> Text,
        first_month -> Integer,
        last_month -> Integer,
        support_rate_ppm -> BigInt,
        approved_budget_ore -> BigInt,
        indirect_rate_ppm -> BigInt,
        indirect_base -> Text,
        distribution_key -> Text,
        earlier_eligible_ore -> BigInt,
        earlier_cofinancing_ore -> BigInt,
        earlier_requested_ore -> BigInt,
        esf_due_cumulative_ore -> BigInt,
        esf_requested_ore -> BigInt,
        lines_sha256 -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        computed_at -> Timestamp,
        issued_by -> Nullable<BigInt>,
        issued_at -> Nullable<Timestamp>,
        version -> BigInt,
        sent_on -> Nullable<Date>,
    }
}

diesel::table! {
    claim_figures (claim_id, organisation_id) {
        claim_id -> BigInt,
        organisation_id -> BigInt,
        staff_ore -> BigInt,
        services_ore -> BigInt,
        premises_ore -> BigInt,
        travel_ore -> BigInt,
        materials_ore -> BigInt,
        indirect_ore -> BigInt,
        in_kind_ore -> BigInt,
        participant_compensation_ore -> BigInt,
        public_cash_ore -> BigInt,
        owner_cash_ore -> BigInt,
        code -> Text,
        name -> Text,
        region_code -> Nullable<Text>,
    }
}

diesel::table! {
    claim_budgets (claim_id, category) {
        claim_id -> BigInt,
        category -> Text,
        amount_ore -> BigInt,
    }
}

diesel::table! {
    claim_lines (id) {
        id -> BigInt,
        claim_id -> BigInt,
        category -> Text,
        organisation_id -> BigInt,
        month -> Integer,
        source -> Text,
        source_id -> BigInt,
        subject -> Text,
        amount_ore -> BigInt,
        import_file -> Nullable<Text>,
        import_row -> Nullable<Integer>,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        claim_id -> BigInt,
        amount_ore -> BigInt,
        paid_on -> Date,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    distribution_parts (payment_id, organisation_id) {
        payment_id -> BigInt,
        organisation_id -> BigInt,
        basis_ore -> BigInt,
        part_ore -> BigInt,
    }
}
