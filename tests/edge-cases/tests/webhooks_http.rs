//! Webhooks and callbacks over real HTTP: the generated sender delivers to
//! the generated receiver, per-webhook routes and one URL for all; a bad
//! payload is refused in the spec's error shape, naming the field, and the
//! sender reads that answer as the webhook's typed error.

mod common;

use edge_cases::callbacks::webhooks::receiver as job_receiver;
use edge_cases::callbacks::webhooks::sender::{
    resolve_callback_url, CallbackRequest, Client as JobSender,
};
use edge_cases::callbacks::{Job, JobState};
use edge_cases::webhooks::webhooks::receiver::{
    self, Api, FnEvilResponse, OrderCancelledResponse, OrderCreatedResponse, PingDeleteResponse,
    PingResponse, Webhook,
};
use edge_cases::webhooks::webhooks::sender::{Client as Sender, Error, OrderCreatedError};
use edge_cases::webhooks::{
    EventKind, Line, OrderCancelledBody, OrderCancelledBodyReason, OrderEvent, OrderEventStatus,
    Problem,
};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// A consumer that records what it was sent.
#[derive(Clone, Default)]
struct Consumer {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Consumer {
    fn log(&self, line: String) {
        self.seen.lock().unwrap().push(line);
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Api for Consumer {
    async fn order_created(
        &self,
        x_shop_event: EventKind,
        x_shop_delivery: Option<uuid::Uuid>,
        body: OrderEvent,
    ) -> OrderCreatedResponse {
        self.log(format!(
            "created {} {:?} {} {}",
            x_shop_event,
            x_shop_delivery.is_some(),
            body.order_id,
            body.items.map_or(0, |i| i.len())
        ));
        OrderCreatedResponse::NoContent
    }

    async fn order_cancelled(&self, body: OrderCancelledBody) -> OrderCancelledResponse {
        self.log(format!("cancelled {} {}", body.order_id, body.reason));
        OrderCancelledResponse::Ok(edge_cases::webhooks::OrderCancelledResponse {
            refunded: Some(body.reason == OrderCancelledBodyReason::Customer),
        })
    }

    async fn fn_evil(&self, body: Option<String>) -> FnEvilResponse {
        self.log(format!("evil {body:?}"));
        FnEvilResponse::Ok
    }

    async fn ping(&self) -> PingResponse {
        self.log("ping".into());
        PingResponse::NoContent
    }

    async fn ping_delete(&self) -> PingDeleteResponse {
        self.log("ping delete".into());
        PingDeleteResponse::NoContent
    }
}

fn event(order_id: i64) -> OrderEvent {
    OrderEvent {
        order_id,
        total: 12.5,
        status: OrderEventStatus::Paid,
        note: Default::default(),
        items: Some(vec![Line {
            sku: "A-1".into(),
            quantity: Some(2),
        }]),
    }
}

/// How this shop's deliveries to one URL are told apart: the event header,
/// else a property of the body, else (no body) the ping.
fn pick(headers: &axum::http::HeaderMap, body: &[u8]) -> Option<Webhook> {
    if let Some(event) = headers.get("x-shop-event") {
        return match event.to_str().ok()? {
            "order.created" => Some(Webhook::OrderCreated),
            _ => None,
        };
    }
    if body.is_empty() {
        return Webhook::from_name("ping");
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    value
        .get("reason")
        .and_then(|_| Webhook::from_name("order-cancelled"))
}

#[tokio::test]
async fn the_sender_delivers_each_webhook_to_its_route() {
    let consumer = Consumer::default();
    let base = common::serve(receiver::router(consumer.clone())).await;
    let sender = Sender::new();

    let url = format!("{base}{}", Webhook::OrderCreated.path());
    assert_eq!(Webhook::OrderCreated.path(), "/order-created");
    sender
        .order_created(&url, &EventKind::OrderCreated, None, &event(7))
        .await
        .unwrap();
    let cancelled = sender
        .order_cancelled(
            &format!("{base}/order-cancelled"),
            &OrderCancelledBody {
                order_id: 7,
                reason: OrderCancelledBodyReason::Customer,
            },
        )
        .await
        .unwrap();
    assert_eq!(cancelled.refunded, Some(true));
    // Two methods of one webhook share its path.
    sender.ping(&format!("{base}/ping")).await.unwrap();
    sender.ping_delete(&format!("{base}/ping")).await.unwrap();
    // A hostile key is a plain path segment; its text only in docs.
    sender
        .fn_evil(&format!("{base}{}", Webhook::FnEvil.path()), Some("hi"))
        .await
        .unwrap();
    assert_eq!(Webhook::FnEvil.name(), "*/ fn evil() { /*");
    assert_eq!(
        consumer.seen(),
        [
            "created order.created false 7 1",
            "cancelled 7 customer",
            "ping",
            "ping delete",
            "evil Some(\"hi\")"
        ]
    );
}

#[tokio::test]
async fn a_bad_payload_is_refused_naming_the_field() {
    let consumer = Consumer::default();
    let base = common::serve(receiver::router(consumer.clone())).await;
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value, event: Option<&str>| {
        let mut request = http.post(format!("{base}{path}")).json(&body);
        if let Some(event) = event {
            request = request.header("x-shop-event", event);
        }
        request.send()
    };
    let good = json!({"order_id": 1, "total": 3, "status": "placed"});
    for (body, event, field) in [
        (
            json!({"order_id": 0, "total": 3, "status": "placed"}),
            Some("order.created"),
            "order_id",
        ),
        (
            json!({"order_id": 1, "status": "placed"}),
            Some("order.created"),
            "total",
        ),
        (
            json!({"order_id": 1, "total": 3, "status": "placed", "note": "x".repeat(21)}),
            Some("order.created"),
            "note",
        ),
        (
            json!({"order_id": 1, "total": 3, "status": "placed", "items": [{"sku": ""}]}),
            Some("order.created"),
            "items[0].sku",
        ),
        (good.clone(), None, "X-Shop-Event"),
    ] {
        let response = post("/order-created", body.clone(), event).await.unwrap();
        assert_eq!(response.status(), 422, "{body}");
        let answer: Value = response.json().await.unwrap();
        // The spec's error shape: `detail` and `pointer`.
        assert_eq!(answer["pointer"], field, "{body}: {answer}");
        assert!(answer["detail"].as_str().is_some(), "{answer}");
    }
    let response = post("/order-cancelled", json!({"order_id": 3}), None)
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["pointer"], "reason", "{answer}");
    assert!(
        consumer.seen().is_empty(),
        "nothing refused reached the handler"
    );

    // The sender reads the refusal as the webhook's documented error.
    let refused = Sender::new()
        .order_created(
            &format!("{base}/order-created"),
            &EventKind::OrderCreated,
            None,
            &event(0),
        )
        .await
        .unwrap_err();
    match refused {
        Error::Api(OrderCreatedError::UnprocessableEntity(Problem { pointer, .. })) => {
            assert_eq!(pointer.as_deref(), Some("order_id"))
        }
        other => panic!("expected the documented 422, got {other:?}"),
    }
}

#[tokio::test]
async fn one_url_takes_every_webhook() {
    let consumer = Consumer::default();
    let base = common::serve(receiver::single_url_router(consumer.clone(), pick)).await;
    let url = format!("{base}/hooks");
    let sender = Sender::new();
    sender
        .order_created(
            &url,
            &EventKind::OrderCreated,
            Some(&uuid::Uuid::nil()),
            &event(9),
        )
        .await
        .unwrap();
    let cancelled = sender
        .order_cancelled(
            &url,
            &OrderCancelledBody {
                order_id: 9,
                reason: OrderCancelledBodyReason::Fraud,
            },
        )
        .await
        .unwrap();
    assert_eq!(cancelled.refunded, Some(false));
    sender.ping(&url).await.unwrap();
    sender.ping_delete(&url).await.unwrap();
    assert_eq!(
        consumer.seen(),
        [
            "created order.created true 9 1",
            "cancelled 9 fraud",
            "ping",
            "ping delete"
        ]
    );

    // The picked webhook's checks apply.
    let refused = sender
        .order_created(&url, &EventKind::OrderCreated, None, &event(0))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::Api(OrderCreatedError::UnprocessableEntity(_))
        ),
        "{refused:?}"
    );
    // A delivery `pick` does not know is a 404 (the spec documents no 404
    // body, so in the default shape), and a method the picked webhook does
    // not take a 405.
    let http = reqwest::Client::new();
    let unknown = http
        .post(&url)
        .header("x-shop-event", "order.updated")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let answer: Value = unknown.json().await.unwrap();
    assert_eq!(
        answer["message"],
        "the request is no webhook this receiver takes"
    );
    let wrong_method = http.post(&url).send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(consumer.seen().len(), 4);
}

struct Jobs {
    done: Arc<Mutex<Vec<(String, i64)>>>,
}

impl job_receiver::Api for Jobs {
    async fn start_job_job_done(&self, body: Job) -> job_receiver::StartJobJobDoneResponse {
        self.done.lock().unwrap().push((body.id, -1));
        job_receiver::StartJobJobDoneResponse::Ok
    }

    async fn order_report_ready(&self, body: String) -> job_receiver::OrderReportReadyResponse {
        self.done.lock().unwrap().push((body, 0));
        job_receiver::OrderReportReadyResponse::NoContent
    }

    async fn job_progress(
        &self,
        hook_key: job_receiver::HookKey,
        x_attempt: Option<i64>,
        body: Option<edge_cases::callbacks::JobProgressBody>,
    ) -> job_receiver::JobProgressResponse {
        let percent = body.map_or(-1, |b| b.percent);
        self.done
            .lock()
            .unwrap()
            .push((format!("{} attempt {x_attempt:?}", hook_key.0), percent));
        job_receiver::JobProgressResponse::NoContent
    }
}

#[tokio::test]
async fn callbacks_are_sent_to_the_url_the_caller_gave() {
    let done = Arc::new(Mutex::new(Vec::new()));
    let base = common::serve(job_receiver::router(Jobs { done: done.clone() })).await;
    let sender = JobSender::new();
    let job = Job {
        id: "j1".into(),
        state: JobState::Done,
    };
    // The URL is what `{$request.body#/callbackUrl}` said when the job
    // was started; the receiver's route for it is the callback's path.
    let started = json!({"callbackUrl": format!("{base}/start-job-job-done"), "input": "x"});
    let registered = CallbackRequest {
        body: Some(&started),
        ..Default::default()
    };
    let url = resolve_callback_url("{$request.body#/callbackUrl}", &registered).unwrap();
    sender.start_job_job_done(&url, &job).await.unwrap();
    // The callback's own security scheme, not the API's token.
    let sender = sender.with_hook_key("k1");
    sender
        .job_progress(
            &format!("{base}/start-job-progress"),
            Some(2),
            Some(&edge_cases::callbacks::JobProgressBody { percent: 50 }),
        )
        .await
        .unwrap();
    // A `$ref`'d callback, its URL from a header of the registering call.
    let url = resolve_callback_url(
        "https://hooks.example.com/{$request.header.X-Tenant}/reports",
        &CallbackRequest {
            headers: &[("x-tenant", "acme")],
            ..Default::default()
        },
    );
    assert_eq!(
        url.as_deref(),
        Some("https://hooks.example.com/acme/reports")
    );
    sender
        .order_report_ready(&format!("{base}/order-report-ready"), "ready")
        .await
        .unwrap();
    let refused = reqwest::Client::new()
        .post(format!("{base}/start-job-progress"))
        .header("x-hook-key", "k1")
        .json(&json!({"percent": 101}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let answer: Value = refused.json().await.unwrap();
    assert_eq!(answer["field"], "percent", "{answer}");
    let keyless = reqwest::Client::new()
        .post(format!("{base}/start-job-progress"))
        .json(&json!({"percent": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(keyless.status(), 401);
    assert_eq!(
        *done.lock().unwrap(),
        [
            ("j1".to_owned(), -1),
            ("k1 attempt Some(2)".to_owned(), 50),
            ("ready".to_owned(), 0)
        ]
    );
}

mod github {
    //! The single-URL recipe the receiver's docs give for GitHub, as
    //! written there, on webhooks keyed the way GitHub keys them.

    use edge_cases::github_hooks::webhooks::receiver::{
        single_url_router, Api, PullRequestAutoMergeDisabledResponse, PushResponse, Webhook,
    };
    use edge_cases::github_hooks::webhooks::sender::Client;
    use edge_cases::github_hooks::{
        PullRequestAutoMergeDisabledBody, PullRequestAutoMergeDisabledBodyAction, PushBody,
    };
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct App(Arc<Mutex<Vec<String>>>);

    impl Api for App {
        async fn pull_request_auto_merge_disabled(
            &self,
            x_git_hub_event: String,
            _delivery: Option<String>,
            body: PullRequestAutoMergeDisabledBody,
        ) -> PullRequestAutoMergeDisabledResponse {
            let line = format!("{x_git_hub_event} #{}", body.number);
            self.0.lock().unwrap().push(line);
            PullRequestAutoMergeDisabledResponse::Ok
        }

        async fn push(&self, x_git_hub_event: String, body: PushBody) -> PushResponse {
            let line = format!("{x_git_hub_event} {}", body.r#ref);
            self.0.lock().unwrap().push(line);
            PushResponse::Ok
        }
    }

    #[tokio::test]
    async fn the_documented_recipe_tells_github_events_apart() {
        let app = App::default();
        let router = single_url_router(app.clone(), |headers, body| {
            let event = headers
                .get("x-github-event")?
                .to_str()
                .ok()?
                .replace('_', "-");
            let action = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("action")?.as_str().map(str::to_owned));
            action
                .and_then(|a| Webhook::from_name(&format!("{event}-{a}").replace('_', "-")))
                .or_else(|| Webhook::from_name(&event))
        });
        let url = format!("{}/github", super::common::serve(router).await);
        let sender = Client::new();
        let body = PullRequestAutoMergeDisabledBody {
            action: PullRequestAutoMergeDisabledBodyAction::AutoMergeDisabled,
            number: 42,
        };
        sender
            .pull_request_auto_merge_disabled(&url, "pull_request", Some("d-1"), &body)
            .await
            .unwrap();
        let push = PushBody {
            r#ref: "refs/heads/main".into(),
        };
        sender.push(&url, "push", &push).await.unwrap();
        // An event this receiver does not take.
        assert!(sender.push(&url, "issues", &push).await.is_err());
        assert_eq!(
            *app.0.lock().unwrap(),
            ["pull_request #42", "push refs/heads/main"]
        );
    }
}
