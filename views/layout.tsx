import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assetUrl } from '../src/platform/assets.ts';
import type { Viewer } from '../src/platform/context.ts';
import type { Flash } from '../src/platform/flash.ts';
import type { NavItem } from '../src/platform/navigation.ts';
import { ROLE_LABELS } from '../src/platform/roles.ts';
import { CsrfContext } from './components/context.ts';
import { CsrfField } from './components/forms.tsx';

export interface Chrome {
  viewer: Viewer | null;
  /** The viewer's main menu. */
  menu: NavItem[];
  csrf: string;
  path: string;
  flashes: Flash[];
}

function isUnder(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** The menu's entry for `path`: the longest one it is under (« Rémunérations » /structure/paie, not « Ma structure » /structure). */
function currentOf(menu: NavItem[], path: string): string | undefined {
  return menu
    .filter((item) => isUnder(path, item.href))
    .map((item) => item.href)
    .sort((a, b) => b.length - a.length)[0];
}

function Header({ viewer, menu, path }: { viewer: Viewer | null; menu: NavItem[]; path: string }) {
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                {viewer ? (
                  <div class="fr-header__navbar">
                    <button
                      type="button"
                      class="fr-btn--menu fr-btn"
                      data-fr-opened="false"
                      aria-controls="menu-principal"
                      aria-haspopup="menu"
                      id="bouton-menu"
                      title="Menu"
                    >
                      Menu
                    </button>
                  </div>
                ) : null}
              </div>
              <div class="fr-header__service">
                <a href="/" title="Accueil — Atelier">
                  <p class="fr-header__service-title">Atelier</p>
                </a>
                <p class="fr-header__service-tagline">Ateliers d’insertion en détention</p>
              </div>
            </div>
            {viewer ? (
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">
                  <ToolLinks viewer={viewer} />
                </div>
              </div>
            ) : null}
          </div>
        </div>
      </div>
      {viewer ? (
        <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
          <div class="fr-container">
            <button type="button" class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">
              Fermer
            </button>
            <div class="fr-header__menu-links">
              <ToolLinks viewer={viewer} />
            </div>
            <nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal">
              <ul class="fr-nav__list">
                {menu.map((item) => (
                  <li class="fr-nav__item">
                    <a class="fr-nav__link" href={item.href} aria-current={currentOf(menu, path) === item.href ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </div>
      ) : null}
    </header>
  );
}

function ToolLinks({ viewer }: { viewer: Viewer }) {
  return (
    <ul class="fr-btns-group">
      <li>
        <a class="fr-btn fr-icon-account-circle-line" href="/compte/mot-de-passe" title="Mon compte : changer mon mot de passe">
          {viewer.displayName} · {ROLE_LABELS[viewer.role]}
        </a>
      </li>
      <li>
        <form method="post" action="/deconnexion">
          <CsrfField />
          <button type="submit" class="fr-btn fr-icon-logout-box-r-line">
            Se déconnecter
          </button>
        </form>
      </li>
    </ul>
  );
}

function Footer() {
  return (
    <footer class="fr-footer" role="contentinfo" id="pied-de-page">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title="Retour à l’accueil d’Atelier">
              <p class="fr-logo">
                République
                <br />
                Française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Atelier aide les établissements InSERRE et les ateliers de l’économie sociale et solidaire en détention à suivre les postes, les formations, les
              heures et les comités. Les données des personnes détenues y sont limitées à ce que le travail exige.
            </p>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/accessibilite">
                Accessibilité : non conforme
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/mentions-legales">
                Mentions légales
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/donnees-personnelles">
                Données personnelles
              </a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}

export function Flashes({ flashes }: { flashes: Flash[] }) {
  return (
    <div id="messages" aria-live="polite">
      {flashes.map((f) => (
        <div class={`fr-alert fr-alert--${f.kind} fr-alert--sm fr-mb-2w`}>
          <p>{f.message}</p>
        </div>
      ))}
    </div>
  );
}

/** The main region's content: what an htmx navigation swaps in, and what a full page wraps. */
export function MainContent({ title, flashes, children }: { title: string; flashes: Flash[]; children: Child }) {
  return (
    <>
      <title>{`${title} — Atelier`}</title>
      <Flashes flashes={flashes} />
      {children}
    </>
  );
}

export function Layout({ title, chrome, children }: { title: string; chrome: Chrome; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="fr" data-fr-scheme="light">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
          <meta name="format-detection" content="telephone=no" />
          <title>{`${title} — Atelier`}</title>
          <link rel="stylesheet" href={assetUrl('dsfr/dsfr.min.css')} />
          <link rel="stylesheet" href={assetUrl('dsfr/utility/icons/icons.css')} />
          <link rel="stylesheet" href={assetUrl('app.css')} />
          <link rel="icon" href={assetUrl('dsfr/favicon/favicon.svg')} type="image/svg+xml" />
          <link rel="icon" href={assetUrl('dsfr/favicon/favicon.ico')} sizes="any" />
          <link rel="apple-touch-icon" href={assetUrl('dsfr/favicon/apple-touch-icon.png')} />
          <script type="module" src={assetUrl('dsfr/dsfr.module.min.js')} />
          <script src={assetUrl('htmx/htmx.min.js')} defer />
          <script src={assetUrl('app.js')} defer />
        </head>
        <body data-viewer={chrome.viewer ? String(chrome.viewer.userId) : undefined}>
          <CsrfContext.Provider value={chrome.csrf}>
            <div class="fr-skiplinks">
              <nav class="fr-container" role="navigation" aria-label="Accès rapide">
                <ul class="fr-skiplinks__list">
                  <li>
                    <a class="fr-link" href="#contenu">
                      Contenu
                    </a>
                  </li>
                  {chrome.viewer ? (
                    <li>
                      <a class="fr-link" href="#navigation">
                        Menu
                      </a>
                    </li>
                  ) : null}
                  <li>
                    <a class="fr-link" href="#pied-de-page">
                      Pied de page
                    </a>
                  </li>
                </ul>
              </nav>
            </div>
            <Header viewer={chrome.viewer} menu={chrome.viewer?.mustChangePassword ? [] : chrome.menu} path={chrome.path} />
            <main role="main" id="contenu" class="fr-container fr-py-4w" tabindex={-1}>
              <Flashes flashes={chrome.flashes} />
              {children}
            </main>
            <Footer />
          </CsrfContext.Provider>
        </body>
      </html>
    </>
  );
}
