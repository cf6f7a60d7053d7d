//! Building the HTTP application: the one route table.

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use sqlx::SqlitePool;

use crate::config::Config;
use crate::error::AppError;
use crate::routes;

pub struct Application {
    address: SocketAddr,
    server: Server,
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port, as the tests do) and
    /// prepares the server; `run_until_stopped` serves.
    pub async fn build(config: Config, pool: SqlitePool) -> std::io::Result<Application> {
        let listener = TcpListener::bind(config.bind)?;
        let address = listener.local_addr()?;
        let pool = web::Data::new(pool);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(pool.clone())
                .wrap(
                    actix_web::middleware::Logger::new("%a \"%r\" %s %b %Dms")
                        .log_target("folio::http"),
                )
                .service(routes::health::healthz)
                .default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(AppError::NotFound)
                }))
        })
        // SIGTERM and Ctrl-C stop accepting, then let requests in flight
        // finish for up to this many seconds.
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        Ok(Application { address, server })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
