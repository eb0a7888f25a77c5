"""Business acumen for product managers: market sizing, unit economics and price sensitivity.

Definitions follow the course's content reference ("Business acumen"); sources are in each
docstring:

* :func:`top_down_market`, :func:`bottom_up_market` - TAM, SAM and SOM from stated assumptions,
  and :func:`sensitivity_table` - each assumption at its low and high value, the widest swing
  first (a tornado chart's data);
* :func:`cac`, :func:`cac_by_channel`, :func:`cac_payback_months`, :func:`simple_ltv`,
  :func:`ltv_to_cac`, :func:`contribution_margin` - SaaS unit economics (David Skok's
  conventions);
* :func:`new_paying_customers`, :func:`channel_economics` - the same per acquisition channel
  and blended, from subscriptions, users and marketing spend;
* :func:`van_westendorp` - the price sensitivity meter, its acceptable range in the
  ``"common"`` or the ``"original"`` convention, named in the result.

Functions are pure: numbers or DataFrames in, numbers, result objects or new DataFrames out.
Bad input raises a ValueError naming the argument and the value.
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.business._channels import (
        ECONOMICS_COLUMNS as ECONOMICS_COLUMNS,
        channel_economics as channel_economics,
        new_paying_customers as new_paying_customers,
    )
    from pmkit.business._pricing import (
        CONVENTIONS as CONVENTIONS,
        VanWestendorpResult as VanWestendorpResult,
        price_sensitivity_curves as price_sensitivity_curves,
        van_westendorp as van_westendorp,
    )
    from pmkit.business._sizing import (
        MarketSize as MarketSize,
        bottom_up_market as bottom_up_market,
        sensitivity_table as sensitivity_table,
        top_down_market as top_down_market,
    )
    from pmkit.business._unit_economics import (
        cac as cac,
        cac_by_channel as cac_by_channel,
        cac_payback_months as cac_payback_months,
        contribution_margin as contribution_margin,
        ltv_to_cac as ltv_to_cac,
        simple_ltv as simple_ltv,
    )

__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals())
