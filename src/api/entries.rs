//! /premises, /other-costs, /cash-cofinancing: the same five operations for each kind
//! of cost or co-financing entry.

/// list, create, get, replace and delete handlers for one kind of entry.
macro_rules! entry_api {
    ($module:ident, $service:ident, $list_path:tt, $item_path:tt, $input:ident, $view:ident, $noun:tt, $what:tt) => {
        pub mod $module {
            use actix_web::{delete, get, post, put, web, HttpResponse};

            use crate::api::json::ApiJson;
            use crate::api::state::AppState;
            use crate::domain::access::Actor;
            use crate::error::{AppResult, Problem};
            use crate::service::entries::$service as service;
            use crate::views::entries::{$input, $view, EntryQuery, Versioned};
            use crate::views::{Page, VersionInput};

            #[utoipa::path(tag = "entries", params(EntryQuery), summary = concat!("List ", $noun, " entries in your scope"),
                responses((status = 200, body = Page<$view>), (status = 400, body = Problem), (status = 401, body = Problem),
                    (status = 403, body = Problem), (status = 404, body = Problem)))]
            #[get($list_path)]
            pub async fn list(state: web::Data<AppState>, actor: Actor, q: web::Query<EntryQuery>) -> AppResult<web::Json<Page<$view>>> {
                let q = q.into_inner();
                Ok(web::Json(state.db(move |c| service::list(c, &actor, q)).await?))
            }

            #[utoipa::path(tag = "entries", request_body = $input, summary = concat!("Record a ", $noun, " entry"), description = $what,
                responses((status = 201, body = $view), (status = 400, body = Problem), (status = 401, body = Problem),
                    (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
            #[post($list_path)]
            pub async fn create(state: web::Data<AppState>, actor: Actor, input: ApiJson<$input>) -> AppResult<HttpResponse> {
                let input = input.into_inner();
                let entry = state.db(move |c| service::create(c, &actor, input)).await?;
                Ok(HttpResponse::Created().json(entry))
            }

            #[utoipa::path(tag = "entries", params(("id" = i64, Path)), summary = concat!("One ", $noun, " entry"),
                responses((status = 200, body = $view), (status = 401, body = Problem), (status = 403, body = Problem),
                    (status = 404, body = Problem)))]
            #[get($item_path)]
            pub async fn get_one(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>) -> AppResult<web::Json<$view>> {
                let id = id.into_inner();
                Ok(web::Json(state.db(move |c| service::get(c, &actor, id)).await?))
            }

            /// Replace the entry (send the whole entry with the version you read).
            #[utoipa::path(tag = "entries", params(("id" = i64, Path)), request_body = Versioned<$input>,
                responses((status = 200, body = $view), (status = 400, body = Problem), (status = 401, body = Problem),
                    (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
                    (status = 422, body = Problem)))]
            #[put($item_path)]
            pub async fn replace(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, input: ApiJson<Versioned<$input>>) -> AppResult<web::Json<$view>> {
                let (id, input) = (id.into_inner(), input.into_inner());
                Ok(web::Json(state.db(move |c| service::replace(c, &actor, id, input)).await?))
            }

            #[utoipa::path(tag = "entries", params(("id" = i64, Path), ("version" = i64, Query)),
                summary = concat!("Delete a ", $noun, " entry while its month is open"),
                responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
                    (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
            #[delete($item_path)]
            pub async fn delete_one(state: web::Data<AppState>, actor: Actor, id: web::Path<i64>, q: web::Query<VersionInput>) -> AppResult<HttpResponse> {
                let (id, version) = (id.into_inner(), q.into_inner().version);
                state.db(move |c| service::delete(c, &actor, id, version)).await?;
                Ok(HttpResponse::NoContent().finish())
            }
        }
    };
}

entry_api!(
    premises,
    premises_service,
    "/premises",
    "/premises/{id}",
    PremisesInput,
    Premises,
    "premises",
    "A premises line: monthly cost, or area × annual rent per m² / 12, times the project share."
);
entry_api!(
    other_costs,
    other_cost_service,
    "/other-costs",
    "/other-costs/{id}",
    OtherCostInput,
    OtherCost,
    "other cost",
    "A direct cost (services, travel, materials), VAT excluded, with supplier and voucher."
);
entry_api!(
    cash_cofinancing,
    cash_service,
    "/cash-cofinancing",
    "/cash-cofinancing/{id}",
    CashInput,
    CashCofinancing,
    "cash co-financing",
    "Cash co-financing from another public body or the owner."
);
entry_api!(
    compensation,
    compensation_service,
    "/compensation",
    "/compensation/{id}",
    CompensationInput,
    Compensation,
    "compensation",
    "Compensation paid to a participant for a month (with a confirmed attendance certificate): participant_compensation co-financing."
);

/// Issue 13.18: premises that cost the same every month, entered once.
pub mod recurring_premises {
    use actix_web::{post, web, HttpResponse};

    use crate::api::json::ApiJson;
    use crate::api::state::AppState;
    use crate::domain::access::Actor;
    use crate::error::{AppResult, Problem};
    use crate::service::entries as service;
    use crate::views::entries::{Premises, RecurringPremisesInput};

    /// The same premises line for every month from `from` to `to`: one entry per month
    /// (all or none), each editable on its own afterwards while its month is open.
    #[utoipa::path(tag = "entries", request_body = RecurringPremisesInput,
        responses((status = 201, body = Vec<Premises>), (status = 400, body = Problem), (status = 401, body = Problem),
            (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
    #[post("/premises/recurring")]
    pub async fn create(
        state: web::Data<AppState>,
        actor: Actor,
        input: ApiJson<RecurringPremisesInput>,
    ) -> AppResult<HttpResponse> {
        let input = input.into_inner();
        let made = state
            .db(move |c| service::create_recurring(c, &actor, input))
            .await?;
        Ok(HttpResponse::Created().json(made))
    }
}
